namespace FlowGate.Routing.Plans;

/// <summary>The next attempt of a request, or why there is none.</summary>
public sealed record AttemptStep
{
    /// <summary>Gets the plan after this step (the target counted as tried, the attempt counted).</summary>
    public required AttemptPlan Plan { get; init; }

    /// <summary>Gets the route of the attempt, or <see langword="null"/> when the plan is exhausted.</summary>
    public RouteEntry? Route { get; init; }

    /// <summary>Gets the target of the attempt, or <see langword="null"/> when the plan is exhausted.</summary>
    public RouteTarget? Target { get; init; }

    /// <summary>
    /// Gets, when exhausted because every remaining target is cooling down, the soonest moment one comes back:
    /// the host answers 503 with <c>Retry-After</c> set from it.
    /// </summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Gets a value indicating whether there is an attempt to make.</summary>
    public bool HasAttempt => Target is not null;
}
