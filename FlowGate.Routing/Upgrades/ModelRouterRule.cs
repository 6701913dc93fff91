namespace FlowGate.Routing.Upgrades;

/// <summary>One rule of a <see cref="ModelRouterConfig"/>.</summary>
public sealed record ModelRouterRule
{
    /// <summary>Gets the rule's name, shown in routing decisions.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the priority; higher is tried first, ties keep configuration order.</summary>
    public int Priority { get; init; }

    /// <summary>Gets how the conditions combine.</summary>
    /// <value>The default value is <see cref="MatchMode.All"/>.</value>
    public MatchMode Match { get; init; } = MatchMode.All;

    /// <summary>Gets the conditions.</summary>
    public required ValueArray<FeatureCondition> Conditions { get; init; }

    /// <summary>Gets the route chosen when the rule holds.</summary>
    public required string Route { get; init; }
}
