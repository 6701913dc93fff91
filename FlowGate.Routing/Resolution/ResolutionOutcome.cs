namespace FlowGate.Routing.Resolution;

/// <summary>What a model name resolved to.</summary>
internal enum ResolutionOutcome
{
    /// <summary>A route.</summary>
    Route,

    /// <summary>An upgrade name (an upgrade rule, a ladder or the model router) that picks a route per request.</summary>
    Upgrade,

    /// <summary>Nothing: no route, alias or pattern matches.</summary>
    NotFound,
}
