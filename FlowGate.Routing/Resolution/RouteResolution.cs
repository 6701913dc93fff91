namespace FlowGate.Routing.Resolution;

/// <summary>The result of resolving a model name a client sent.</summary>
public sealed record RouteResolution
{
    /// <summary>Gets what the name resolved to.</summary>
    internal ResolutionOutcome Outcome { get; init; }

    /// <summary>Gets the resolved name (a route or upgrade name as configured), or the unknown name asked for.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the aliases followed to reach <see cref="Name"/>: from the name asked for, or from the target of the matching <see cref="Pattern"/>.</summary>
    public ValueArray<string> AliasChain { get; init; }

    /// <summary>Gets the wildcard pattern that matched, if the name was found through one.</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the route the name resolved to; <see langword="null"/> when it was not found or names an upgrade rule (see <see cref="RoutingDecision.Upgrade"/>).</summary>
    public RouteEntry? Route { get; init; }

    /// <summary>Gets the closest known model when the name was not found, for the error message.</summary>
    public string? ClosestMatch { get; init; }

    /// <summary>Gets a value indicating whether the name was found.</summary>
    public bool Found => Outcome != ResolutionOutcome.NotFound;
}
