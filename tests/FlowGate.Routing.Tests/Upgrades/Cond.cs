using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Tests.Upgrades;

/// <summary>Short factories for conditions in tests.</summary>
internal static class Cond
{
    public static FeatureCondition Of(RequestFeature feature, ConditionOperator op, string value = "") =>
        new() { Feature = feature, Operator = op, Value = value };

    public static FeatureCondition List(RequestFeature feature, ConditionOperator op, params string[] values) =>
        new() { Feature = feature, Operator = op, Values = [.. values] };

    public static FeatureCondition AtLeast(RequestFeature feature, int value) =>
        Of(feature, ConditionOperator.GreaterThanOrEqual, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
