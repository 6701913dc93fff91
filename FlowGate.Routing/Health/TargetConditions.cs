using FlowGate.Routing.Failures;

namespace FlowGate.Routing.Health;

/// <summary>
/// The failure policy as a pure transition: a target's next condition from its current one and one effect. Hosts apply
/// effects one target at a time (a lock per target, or a compare-and-swap), so concurrent outcomes are all counted.
/// </summary>
internal static class TargetConditions
{
    /// <summary>Applies one effect.</summary>
    /// <param name="current">The target's condition before the effect.</param>
    /// <param name="effect">The effect.</param>
    /// <param name="policy">The failure policy.</param>
    /// <returns>The next condition, and whether the effect started an ejection (for metrics).</returns>
    public static (TargetCondition Next, bool Ejected) Apply(TargetCondition current, TargetEffect effect, FailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(policy);
        var at = effect.At;
        return effect.Kind switch
        {
            TargetEffectKind.Recover => (TargetCondition.Healthy, false),
            TargetEffectKind.StartProbe => (current with { ProbeUntil = Add(at, NonNegative(policy.ProbeLease)) }, false),
            TargetEffectKind.Eject => EjectExplicitly(current, effect, policy),
            TargetEffectKind.CountFailure => Count(current, effect, policy),
            _ => (current, false),
        };
    }

    /// <summary>The length of the <paramref name="ejection"/>-th ejection in a row for transient failures: the base doubled per ejection, capped.</summary>
    /// <param name="ejection">The ejection's number, from 1.</param>
    /// <param name="policy">The failure policy.</param>
    /// <returns>The ejection time.</returns>
    public static TimeSpan TransientEjection(int ejection, FailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var baseTime = NonNegative(policy.TransientCooldown);
        var max = NonNegative(policy.MaxTransientCooldown);
        var doublings = Math.Clamp(ejection - 1, 0, 40);
        var ticks = baseTime.Ticks * Math.Pow(2, doublings);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    private static (TargetCondition, bool) EjectExplicitly(TargetCondition current, TargetEffect effect, FailurePolicy policy)
    {
        var cap = NonNegative(policy.MaxRetryAfter);
        var duration = effect.Cause == FailureClass.RateLimit && effect.Duration > cap ? cap : NonNegative(effect.Duration);
        var until = Add(effect.At, duration);
        if (until <= current.EjectedUntil)
        {
            // An ejection that ends later is already running; a shorter signal never cuts it.
            return (current with { ProbeUntil = DateTimeOffset.MinValue }, false);
        }

        var next = current with
        {
            EjectedUntil = until,
            ExplicitCause = effect.Cause ?? FailureClass.RateLimit,
            Ejections = current.IsEjected(effect.At) ? current.Ejections : current.Ejections + 1,
            RecentFailures = 0,
            ProbeUntil = DateTimeOffset.MinValue,
        };
        return (next, !current.IsEjected(effect.At));
    }

    private static (TargetCondition, bool) Count(TargetCondition current, TargetEffect effect, FailurePolicy policy)
    {
        var at = effect.At;
        if (current.IsEjected(at))
        {
            // Attempts that were in flight when the target was ejected fail too; they say nothing new.
            return (current, false);
        }

        var probeFailed = current.IsHalfOpen(at);
        var inWindow = current.WindowStart != DateTimeOffset.MinValue && at >= current.WindowStart && at - current.WindowStart < policy.AllowedFailsWindow;
        var failures = inWindow ? current.RecentFailures + 1 : 1;
        var counted = current with
        {
            RecentFailures = failures,
            WindowStart = inWindow ? current.WindowStart : at,
            ProbeUntil = DateTimeOffset.MinValue,
        };
        if (!effect.MayEject || (!probeFailed && failures <= Math.Max(0, policy.AllowedFails)))
        {
            return (counted, false);
        }

        var ejections = current.Ejections + 1;
        var next = counted with
        {
            EjectedUntil = Add(at, TransientEjection(ejections, policy)),
            ExplicitCause = null,
            Ejections = ejections,
            RecentFailures = 0,
            WindowStart = DateTimeOffset.MinValue,
        };
        return (next, true);
    }

    private static DateTimeOffset Add(DateTimeOffset at, TimeSpan span) =>
        span > DateTimeOffset.MaxValue - at ? DateTimeOffset.MaxValue : at + span;

    private static TimeSpan NonNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
