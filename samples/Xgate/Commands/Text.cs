using System.Globalization;

namespace FlowGate.Xgate.Commands;

/// <summary>Small formatting helpers shared by the commands.</summary>
internal static class Text
{
    /// <summary>Formats a duration the way the config files write them: <c>90s</c>, <c>5m</c>, <c>12h</c>, <c>1h30m</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.TotalSeconds % 1 != 0)
        {
            return value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var parts = new List<string>();
        if (value.Days > 0)
        {
            parts.Add($"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            parts.Add($"{value.Hours}h");
        }

        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }

        return string.Concat(parts);
    }

    /// <summary>Joins names with <c>, </c>, or returns <paramref name="none"/> for an empty list.</summary>
    public static string List(IEnumerable<string> items, string none = "-")
    {
        var joined = string.Join(", ", items);
        return joined.Length == 0 ? none : joined;
    }

    /// <summary>The policy as the config files spell it.</summary>
    public static string Policy(FlowGate.Routing.SelectionPolicy policy) => policy switch
    {
        FlowGate.Routing.SelectionPolicy.RoundRobin => "round-robin",
        FlowGate.Routing.SelectionPolicy.First => "first",
        FlowGate.Routing.SelectionPolicy.LeastBusy => "least-busy",
        FlowGate.Routing.SelectionPolicy.UsageBased => "usage-based",
        _ => "weighted",
    };

    /// <summary>Shortens a free text for display.</summary>
    public static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}

/// <summary>Conditions as the config files write them (<c>messages_count &gt;= 80</c>).</summary>
internal static class ConditionText
{
    public static string Of(FlowGate.Routing.Upgrades.FeatureCondition condition)
    {
        var feature = FlowGate.Routing.Upgrades.FeatureNames.Of(condition.Feature);
        var op = FlowGate.Routing.Upgrades.FeatureNames.Of(condition.Operator);
        return condition.Operator is FlowGate.Routing.Upgrades.ConditionOperator.In or FlowGate.Routing.Upgrades.ConditionOperator.NotIn
            ? $"{feature} {op} [{string.Join(", ", condition.Values)}]"
            : condition.Operator == FlowGate.Routing.Upgrades.ConditionOperator.Exists ? $"{feature} {op}" : $"{feature} {op} {condition.Value}";
    }
}
