namespace FlowGate.Routing.Upgrades;

/// <summary>The comparison a <see cref="FeatureCondition"/> makes (the operators of agent-cli's model router).</summary>
public enum ConditionOperator
{
    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>in</c>: the value is one of <see cref="FeatureCondition.Values"/>.</summary>
    In,

    /// <summary><c>not_in</c></summary>
    NotIn,

    /// <summary><c>contains</c>: the text contains the value, ignoring case.</summary>
    Contains,

    /// <summary><c>exists</c>: the feature is present (non-empty, non-zero, true).</summary>
    Exists,

    /// <summary><c>regex</c>: the text matches the pattern (case-insensitive, time-bounded).</summary>
    Regex,
}
