using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.Plans;

/// <summary>
/// The attempt loop of one request as a pure state machine. From the plan so far, the last attempt's outcome and a
/// snapshot of target state it returns the next step (the target and the wait before it, or why there is none) and
/// the effects on target state as data; the host only executes steps and applies effects.
/// </summary>
/// <remarks>
/// <para>Order of choice for each step:</para>
/// <list type="number">
/// <item><description>the untried, available targets of the current route by its selection policy, then of its
/// fallback chain breadth-first (<see cref="AttemptPlanner"/>); a target whose ejection has just ended is probed;</description></item>
/// <item><description>panic: when none is available, the untried target whose ejection for transient failures ends
/// first, on any route the plan visited; transient ejections never leave a request untried;</description></item>
/// <item><description>a retry of the target that just failed (transient or rate-limited), after a jittered backoff that
/// is never shorter than its retry hint, when that wait is short and ends before the deadline;</description></item>
/// <item><description>else no attempt: when explicit signals (auth, a retry hint) keep targets out, the step says when
/// the first comes back, for the answer's <c>Retry-After</c>.</description></item>
/// </list>
/// <para>Never more than <see cref="RetryPolicy.MaxAttempts"/> attempts; never a route twice.</para>
/// </remarks>
internal static class AttemptLoop
{
    /// <summary>Plans the first attempt of a request on <paramref name="route"/>.</summary>
    /// <param name="table">The route table.</param>
    /// <param name="route">The route the request resolved to.</param>
    /// <param name="preferred">A target chosen ahead of the policy (thinking-signature owner, sticky session), if any.</param>
    /// <param name="context">State, time and draws.</param>
    /// <returns>The first step.</returns>
    public static AttemptStep First(RouteTable table, RouteEntry route, RouteTarget? preferred, in AttemptContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(route);
        var plan = AttemptPlanner.Start(route, table.Config.Retry.MaxAttempts);
        return preferred is not null
            ? WithProbe(AttemptPlanner.Attempt(plan, route, preferred), [], context)
            : Continue(table, plan, last: null, [], context);
    }

    /// <summary>Plans the step after an attempt.</summary>
    /// <param name="table">The route table the plan was started from.</param>
    /// <param name="plan">The plan as the last step left it.</param>
    /// <param name="last">How the last attempt ended.</param>
    /// <param name="context">State (as read after the attempt), time and draws.</param>
    /// <returns>The next step; after a success, a step without an attempt that carries the success's effects.</returns>
    public static AttemptStep Next(RouteTable table, AttemptPlan plan, AttemptReport last, in AttemptContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(last.Target);
        var effects = EffectsOf(table, plan, last, context.Now);
        if (last.Failure is not { } failure)
        {
            return new AttemptStep { Plan = plan with { Stopped = true }, Effects = effects };
        }

        return Continue(table, AttemptPlanner.AfterFailure(table, plan, last.Target, failure), last, effects, context);
    }

    /// <summary>The effects of one outcome on its target: recover, count, eject at once, unbind the session.</summary>
    /// <param name="table">The route table.</param>
    /// <param name="plan">The plan the attempt was made in (the target is on one of its routes).</param>
    /// <param name="last">The outcome.</param>
    /// <param name="now">When it was seen.</param>
    /// <returns>The effects, in the order to apply them.</returns>
    public static ValueArray<TargetEffect> EffectsOf(RouteTable table, AttemptPlan plan, AttemptReport last, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(last.Target);
        var ordinal = last.Target.Ordinal;
        if (last.Failure is not { } failure)
        {
            return [new TargetEffect(TargetEffectKind.Recover, ordinal, now)];
        }

        var effects = new List<TargetEffect>(2);
        if (failure.Counts)
        {
            var lone = IsOnlyEnabledTarget(RouteOf(table, plan, last.Target), last.Target);
            effects.Add(new TargetEffect(TargetEffectKind.CountFailure, ordinal, now) { Cause = failure.Class, MayEject = !lone });
        }
        else if (failure.Cooldown > TimeSpan.Zero)
        {
            effects.Add(new TargetEffect(TargetEffectKind.Eject, ordinal, now) { Duration = failure.Cooldown, Cause = failure.Class });
        }

        if (failure.ClearsSticky)
        {
            effects.Add(new TargetEffect(TargetEffectKind.UnbindSticky, ordinal, now));
        }

        return [.. effects];
    }

    private static AttemptStep Continue(RouteTable table, AttemptPlan plan, AttemptReport? last, ValueArray<TargetEffect> effects, in AttemptContext context)
    {
        var step = AttemptPlanner.Next(table, plan, context.Health, context.Now, context.Draw, context.RoundRobin);
        if (step.HasAttempt)
        {
            return WithProbe(step, effects, context);
        }

        plan = step.Plan;
        if (plan.Stopped || plan.AttemptsMade >= plan.MaxAttempts)
        {
            return new AttemptStep { Plan = plan, Effects = effects };
        }

        if (Panic(table, plan, context) is { } panic)
        {
            return AttemptPlanner.Attempt(plan, panic.Route, panic.Target) with { IsPanic = true, Effects = effects };
        }

        if (last is { Failure: { } failure } report && RetryDelay(table, plan, report.Target, failure, context) is { } delay)
        {
            return AttemptPlanner.Attempt(plan, RouteOf(table, plan, report.Target), report.Target) with { Delay = delay, Effects = effects };
        }

        var (retryAt, cause) = SoonestExplicitReturn(table, plan, context, last);
        return new AttemptStep { Plan = plan, RetryAt = retryAt, RefusedFor = retryAt is null ? null : cause, Effects = effects };
    }

    private static AttemptStep WithProbe(AttemptStep step, ValueArray<TargetEffect> effects, in AttemptContext context)
    {
        var ordinal = step.Target!.Ordinal;
        if (context.Health.Condition(ordinal).IsHalfOpen(context.Now))
        {
            effects = [.. effects, new TargetEffect(TargetEffectKind.StartProbe, ordinal, context.Now)];
        }

        // The usual first step has no effects at all: no copy of it for nothing.
        return effects.IsEmpty && step.Effects.IsEmpty ? step : step with { Effects = effects };
    }

    /// <summary>The untried target, on any visited route, whose ejection for transient failures ends first.</summary>
    private static (RouteEntry Route, RouteTarget Target)? Panic(RouteTable table, AttemptPlan plan, in AttemptContext context)
    {
        (RouteEntry Route, RouteTarget Target)? best = null;
        var bestUntil = DateTimeOffset.MaxValue;
        foreach (var name in plan.VisitedRoutes)
        {
            if (!table.TryGetRoute(name, out var route))
            {
                continue;
            }

            foreach (var target in route.TargetSpan)
            {
                if (target.Weight <= 0 || plan.TriedTargets.Span.Contains(target.Ordinal))
                {
                    continue;
                }

                var condition = context.Health.Condition(target.Ordinal);
                if (condition.IsEjected(context.Now) && condition.ExplicitCause is not null)
                {
                    continue;
                }

                var until = condition.IsEjected(context.Now) ? condition.EjectedUntil : context.Now;
                if (best is null || until < bestUntil)
                {
                    best = (route, target);
                    bestUntil = until;
                }
            }
        }

        return best;
    }

    /// <summary>The wait before retrying the target that just failed, or <see langword="null"/> when it should not be retried.</summary>
    private static TimeSpan? RetryDelay(RouteTable table, AttemptPlan plan, RouteTarget target, FailureClassification failure, in AttemptContext context)
    {
        if (failure.Class is not (FailureClass.Transient or FailureClass.RateLimit) || target.Weight <= 0 || plan.RouteAbandoned)
        {
            return null;
        }

        var retry = table.Config.Failures;
        var exponent = Math.Clamp(plan.AttemptsMade - 1, 0, 20);
        var full = retry.BackoffBase.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(full, Math.Max(0, retry.BackoffMax.Ticks));

        // Half fixed, half random: retries of many requests spread out, and none is immediate.
        var backoff = TimeSpan.FromTicks((long)(capped * (0.5 + (0.5 * Math.Clamp(context.Jitter, 0d, 1d)))));
        var hint = failure.RetryAfter ?? TimeSpan.Zero;
        var explicitEnd = context.Health.Condition(target.Ordinal) is { ExplicitCause: not null } c && c.IsEjected(context.Now) ? c.EjectedUntil - context.Now : TimeSpan.Zero;
        var wait = Max(backoff, Max(hint, explicitEnd));

        // A long retry hint is the upstream asking the client to come back later: answer it rather than hold the request.
        if (Max(hint, explicitEnd) > retry.BackoffMax || (context.Deadline is { } deadline && context.Now + wait >= deadline))
        {
            return null;
        }

        return wait;
    }

    private static (DateTimeOffset? At, FailureClass? Cause) SoonestExplicitReturn(RouteTable table, AttemptPlan plan, in AttemptContext context, AttemptReport? last)
    {
        DateTimeOffset? soonest = null;
        FailureClass? cause = null;
        foreach (var name in plan.VisitedRoutes)
        {
            if (!table.TryGetRoute(name, out var route))
            {
                continue;
            }

            foreach (var target in route.TargetSpan)
            {
                var condition = context.Health.Condition(target.Ordinal);
                if (target.Weight > 0 && condition.IsEjected(context.Now) && condition.ExplicitCause is { } why && (soonest is null || condition.EjectedUntil < soonest))
                {
                    soonest = condition.EjectedUntil;
                    cause = why;
                }
            }
        }

        // The last failure's own signal is not in the snapshot yet.
        if (last is { Failure: { Counts: false, CooldownUntil: { } until } failure } && (soonest is null || until < soonest))
        {
            soonest = until;
            cause = failure.Class;
        }

        return (soonest, cause);
    }

    private static RouteEntry RouteOf(RouteTable table, AttemptPlan plan, RouteTarget target)
    {
        foreach (var name in plan.VisitedRoutes)
        {
            if (table.TryGetRoute(name, out var route) && route.TargetSpan.IndexOf(target) >= 0)
            {
                return route;
            }
        }

        // Not on the plan's routes (a caller's own report): the route in the table that holds it.
        foreach (var route in table.Routes)
        {
            if (route.TargetSpan.IndexOf(target) >= 0)
            {
                return route;
            }
        }

        throw new ArgumentException("the target belongs to no route of the table.", nameof(target));
    }

    private static bool IsOnlyEnabledTarget(RouteEntry route, RouteTarget target)
    {
        foreach (var other in route.TargetSpan)
        {
            if (other.Weight > 0 && other.Ordinal != target.Ordinal)
            {
                return false;
            }
        }

        return true;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
