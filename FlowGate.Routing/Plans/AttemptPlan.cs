namespace FlowGate.Routing.Plans;

/// <summary>
/// Where one request has been and may still go: the route being tried, the fallback routes still pending, the
/// targets already tried and the attempts made. Immutable; <see cref="AttemptPlanner"/> returns a new plan at
/// every step, so a plan is also the record of what happened.
/// </summary>
internal sealed record AttemptPlan
{
    /// <summary>Gets the route currently being tried.</summary>
    public required string Route { get; init; }

    /// <summary>Gets the routes still to try, in order, after the current one.</summary>
    public ValueArray<string> PendingRoutes { get; init; }

    /// <summary>Gets the routes visited so far, the current one included.</summary>
    public ValueArray<string> VisitedRoutes { get; init; }

    /// <summary>Gets the ordinals of the targets tried so far.</summary>
    public ValueArray<int> TriedTargets { get; init; }

    /// <summary>Gets the number of upstream attempts made.</summary>
    public int AttemptsMade { get; init; }

    /// <summary>Gets the most attempts allowed.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>Gets a value indicating whether the plan ended early (a client error goes back to the client as is).</summary>
    public bool Stopped { get; init; }

    /// <summary>Gets a value indicating whether the current route has been given up (its context window is too small).</summary>
    public bool RouteAbandoned { get; init; }

    /// <summary>Gets the target to retry next with thinking blocks dropped, after a signature error, if any.</summary>
    public int? SignatureRetryTarget { get; init; }

    /// <summary>Gets a value indicating whether thinking blocks must be dropped from now on (after a signature error).</summary>
    public bool StripThinking { get; init; }
}
