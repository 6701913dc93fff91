namespace FlowGate.Routing.Upgrades;

/// <summary>One test of a request feature, for example <c>input_tokens &gt;= 20000</c>.</summary>
public sealed record FeatureCondition
{
    /// <summary>Gets the feature tested.</summary>
    public required RequestFeature Feature { get; init; }

    /// <summary>Gets the comparison.</summary>
    public required ConditionOperator Operator { get; init; }

    /// <summary>Gets the value compared with (a number, <c>true</c>/<c>false</c>, text or a pattern).</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>Gets the values for <see cref="ConditionOperator.In"/> and <see cref="ConditionOperator.NotIn"/>.</summary>
    public ValueArray<string> Values { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Operator is ConditionOperator.In or ConditionOperator.NotIn
        ? $"{Feature} {Operator} {Values}"
        : $"{Feature} {Operator} {Value}";
}
