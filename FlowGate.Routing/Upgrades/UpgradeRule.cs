namespace FlowGate.Routing.Upgrades;

/// <summary>
/// Serves <see cref="Name"/> like <see cref="Base"/> unless the request looks hard, then upgrades it to
/// <see cref="To"/> (agent-cli's <c>"g3f.auto" = "opus4.6"</c> with its thresholds).
/// </summary>
public sealed record UpgradeRule
{
    /// <summary>Gets the model name that activates the rule (for example <c>g3f.auto</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the route served when no condition holds (for example <c>g3f</c>).</summary>
    public required string Base { get; init; }

    /// <summary>Gets the route served when the conditions hold (for example <c>opus4.6</c>).</summary>
    public required string To { get; init; }

    /// <summary>Gets how the conditions combine.</summary>
    /// <value>The default value is <see cref="MatchMode.Any"/>.</value>
    public MatchMode Match { get; init; } = MatchMode.Any;

    /// <summary>Gets the conditions.</summary>
    public required ValueArray<FeatureCondition> Conditions { get; init; }
}
