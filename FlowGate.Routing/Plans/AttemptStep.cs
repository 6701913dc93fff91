using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.Plans;

/// <summary>
/// One step of the attempt loop: the attempt to make next (route, target, the wait before it) or why there is none,
/// and the effects on target state the host applies before going on.
/// </summary>
internal sealed record AttemptStep
{
    /// <summary>Gets the plan after this step (the target counted as tried, the attempt counted).</summary>
    public required AttemptPlan Plan { get; init; }

    /// <summary>Gets the route of the attempt, or <see langword="null"/> when there is none.</summary>
    public RouteEntry? Route { get; init; }

    /// <summary>Gets the target of the attempt, or <see langword="null"/> when there is none.</summary>
    public RouteTarget? Target { get; init; }

    /// <summary>Gets how long to wait before the attempt: zero for a fresh target; a jittered backoff, never shorter than the upstream's retry hint, for a retry of the same target.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets a value indicating whether the attempt goes to an ejected target because nothing else was eligible (panic).</summary>
    public bool IsPanic { get; init; }

    /// <summary>
    /// Gets, when there is no attempt because explicit signals keep every remaining target out, the soonest moment one
    /// comes back: the host answers with <c>Retry-After</c> set from it.
    /// </summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Gets the class of the explicit signal behind <see cref="RetryAt"/> (<see cref="FailureClass.RateLimit"/> or <see cref="FailureClass.Auth"/>).</summary>
    public FailureClass? RefusedFor { get; init; }

    /// <summary>Gets the effects on target state, to apply in order before the attempt (or before answering).</summary>
    public ValueArray<TargetEffect> Effects { get; init; }

    /// <summary>Gets a value indicating whether there is an attempt to make.</summary>
    public bool HasAttempt => Target is not null;
}
