namespace FlowGate.Routing;

/// <summary>A public model name clients send, with the targets that serve it and where to go when they fail.</summary>
public sealed record RouteConfig
{
    /// <summary>Gets the public model name (matched case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the targets, in configuration order.</summary>
    public required ValueArray<TargetConfig> Targets { get; init; }

    /// <summary>Gets how a target is picked.</summary>
    /// <value>The default value is <see cref="SelectionPolicy.Weighted"/>.</value>
    public SelectionPolicy Policy { get; init; } = SelectionPolicy.Weighted;

    /// <summary>Gets the routes tried, breadth-first, when every target of this route has failed.</summary>
    public ValueArray<string> Fallbacks { get; init; }

    /// <summary>Gets the routes tried when a target says the prompt exceeds its context window.</summary>
    public ValueArray<string> ContextWindowFallbacks { get; init; }

    /// <summary>Gets a value indicating whether <c>/v1/models</c> leaves the route out.</summary>
    public bool Hidden { get; init; }
}
