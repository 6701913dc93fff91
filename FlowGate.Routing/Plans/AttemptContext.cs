using FlowGate.Routing.Selection;

namespace FlowGate.Routing.Plans;

/// <summary>Everything besides the plan and the last outcome that a step depends on: state, time and randomness, all given.</summary>
/// <param name="Health">The snapshot of target state.</param>
/// <param name="Now">The current time.</param>
/// <param name="Draw">A random draw in [0, 1) for the selection policy.</param>
/// <param name="Jitter">A random draw in [0, 1) for the backoff before a retry of the same target.</param>
internal readonly record struct AttemptContext(ITargetHealthView Health, DateTimeOffset Now, double Draw, double Jitter)
{
    /// <summary>Gets the host's round-robin counters, if it keeps them.</summary>
    public IRoundRobinState? RoundRobin { get; init; }

    /// <summary>Gets the request's total deadline, if any: no retry is planned that would start after it.</summary>
    public DateTimeOffset? Deadline { get; init; }
}
