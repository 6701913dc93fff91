namespace FlowGate.Routing.Upgrades;

/// <summary>One step of a <see cref="LadderConfig"/>.</summary>
public sealed record LadderStep
{
    /// <summary>Gets the route this step serves with.</summary>
    public required string Route { get; init; }

    /// <summary>Gets how the conditions combine.</summary>
    /// <value>The default value is <see cref="MatchMode.Any"/>.</value>
    public MatchMode Match { get; init; } = MatchMode.Any;

    /// <summary>Gets the conditions a request must meet to reach this step; empty means always.</summary>
    public ValueArray<FeatureCondition> Conditions { get; init; }

    /// <summary>Gets the most output tokens this step's model can produce; a larger request moves up a step.</summary>
    public int? MaxOutputTokens { get; init; }
}
