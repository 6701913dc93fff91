namespace FlowGate.Routing.Upgrades;

/// <summary>
/// The route an upgrade mechanism chose for a requested name, and why, for <c>route explain</c> and the
/// <c>x-flowgate-route</c> header.
/// </summary>
public sealed record UpgradeOutcome
{
    /// <summary>Gets the mechanism that chose.</summary>
    public required UpgradeKind Kind { get; init; }

    /// <summary>Gets the name as configured (the rule's or ladder's name, or the router's activation model) that the request matched.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the route to serve the request with.</summary>
    public required string Route { get; init; }

    /// <summary>
    /// Gets a value indicating whether conditions decided: the rule upgraded to its <see cref="UpgradeRule.To"/>,
    /// a ladder step's conditions were met (an empty list always is), or a router rule held. When
    /// <see langword="false"/> the request got the rule's base, the ladder's first step or the router's default.
    /// </summary>
    public bool ConditionsHeld { get; init; }

    /// <summary>Gets the name of the router rule that held, if any.</summary>
    public string? RuleName { get; init; }

    /// <summary>Gets the index of the ladder step served (<see cref="UpgradeKind.Ladder"/> only).</summary>
    public int? Step { get; init; }

    /// <summary>
    /// Gets the index of the ladder step whose conditions the request met before its requested output moved it
    /// up (<see cref="UpgradeKind.Ladder"/> only); less than <see cref="Step"/> when the output cap moved it.
    /// </summary>
    public int? ConditionStep { get; init; }

    /// <summary>Gets the conditions that held in the rule or step that decided; empty when none did.</summary>
    public ValueArray<FeatureCondition> HeldConditions { get; init; }
}
