using FlowGate.Routing.Failures;

namespace FlowGate.Routing.Health;

/// <summary>
/// What the failure policy knows about one target: whether and why it is ejected, how many ejections in a row it has
/// had, its recent transient failures, and whether a half-open probe is out. Immutable; <see cref="TargetConditions"/>
/// computes each next value from an effect.
/// </summary>
public sealed record TargetCondition
{
    /// <summary>Gets the condition of a target with no failures on record.</summary>
    public static TargetCondition Healthy { get; } = new();

    /// <summary>Gets when the current ejection ends; <see cref="DateTimeOffset.MinValue"/> when the target was never ejected.</summary>
    public DateTimeOffset EjectedUntil { get; init; } = DateTimeOffset.MinValue;

    /// <summary>
    /// Gets the class of the explicit signal behind the current ejection (<see cref="FailureClass.Auth"/> or
    /// <see cref="FailureClass.RateLimit"/>), or <see langword="null"/> when it was ejected for counted transient
    /// failures. Panic overrides only the latter.
    /// </summary>
    public FailureClass? ExplicitCause { get; init; }

    /// <summary>Gets the number of ejections since the target last served a request; each doubles the next transient ejection.</summary>
    public int Ejections { get; init; }

    /// <summary>Gets the transient failures counted in the current window.</summary>
    public int RecentFailures { get; init; }

    /// <summary>Gets when the current counting window began.</summary>
    public DateTimeOffset WindowStart { get; init; } = DateTimeOffset.MinValue;

    /// <summary>Gets until when a half-open probe has the target to itself; <see cref="DateTimeOffset.MinValue"/> when none is out.</summary>
    public DateTimeOffset ProbeUntil { get; init; } = DateTimeOffset.MinValue;

    /// <summary>Tells whether the target is ejected at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <returns><see langword="true"/> while an ejection lasts.</returns>
    public bool IsEjected(DateTimeOffset now) => EjectedUntil > now;

    /// <summary>Tells whether the target's ejection has ended but it has not served since: the next request to it is a probe.</summary>
    /// <param name="now">The time.</param>
    /// <returns><see langword="true"/> when half-open.</returns>
    public bool IsHalfOpen(DateTimeOffset now) => Ejections > 0 && EjectedUntil <= now;

    /// <summary>Tells whether another request's probe has the target to itself at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <returns><see langword="true"/> while a probe is out.</returns>
    public bool IsProbing(DateTimeOffset now) => ProbeUntil > now;

    /// <summary>Tells whether the target may be selected in the ordinary way: not ejected and no other request probing it.</summary>
    /// <param name="now">The time.</param>
    /// <returns><see langword="true"/> when available.</returns>
    public bool IsAvailable(DateTimeOffset now) => EjectedUntil <= now && ProbeUntil <= now;
}
