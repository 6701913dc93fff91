namespace FlowGate.Routing;

/// <summary>A compiled route: its configuration, its targets, and its fallback chains expanded once.</summary>
public sealed class RouteEntry
{
    internal RouteEntry(RouteConfig config, RouteTarget[] targets, ValueArray<string> fallbacks, ValueArray<string> contextWindowFallbacks)
    {
        Config = config;
        Targets = targets;
        Fallbacks = fallbacks;
        ContextWindowFallbacks = contextWindowFallbacks;
    }

    /// <summary>Gets the route's public name as configured.</summary>
    public string Name => Config.Name;

    /// <summary>Gets the route's configuration.</summary>
    public RouteConfig Config { get; }

    /// <summary>Gets the targets in configuration order.</summary>
    public IReadOnlyList<RouteTarget> Targets { get; }

    /// <summary>Gets how a target is picked.</summary>
    public SelectionPolicy Policy => Config.Policy;

    /// <summary>Gets the routes tried after this one fails, breadth-first, without repeats, default fallbacks last.</summary>
    public ValueArray<string> Fallbacks { get; }

    /// <summary>Gets the routes tried when a target says the prompt is too long for its context window.</summary>
    public ValueArray<string> ContextWindowFallbacks { get; }

    /// <summary>Serialises smooth round-robin picks on this route only: its counters change on every pick.</summary>
    internal Lock RoundRobinGate { get; } = new();

    internal ReadOnlySpan<RouteTarget> TargetSpan => (RouteTarget[])Targets;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
