namespace FlowGate.Routing.Upgrades;

/// <summary>Which mechanism chose the route for a requested name.</summary>
public enum UpgradeKind
{
    /// <summary>No mechanism: the name is served as it is.</summary>
    None,

    /// <summary>An <see cref="UpgradeRule"/>: its base route, or its upgrade when the conditions held.</summary>
    Rule,

    /// <summary>A <see cref="LadderConfig"/>: one of its steps.</summary>
    Ladder,

    /// <summary>The <see cref="ModelRouterConfig"/>: the route of its first rule that held, or its default.</summary>
    ModelRouter,
}
