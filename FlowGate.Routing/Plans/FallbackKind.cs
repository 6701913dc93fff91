namespace FlowGate.Routing.Plans;

/// <summary>Which fallback chain of a route to follow.</summary>
internal enum FallbackKind
{
    /// <summary>The route's <see cref="RouteConfig.Fallbacks"/>, then the profile's default fallbacks: after auth, rate-limit and transient failures.</summary>
    General,

    /// <summary>The route's <see cref="RouteConfig.ContextWindowFallbacks"/> only: after a target said the prompt exceeds its context window.</summary>
    ContextWindow,
}
