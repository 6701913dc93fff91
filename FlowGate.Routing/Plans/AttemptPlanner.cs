using FlowGate.Routing.Failures;
using FlowGate.Routing.Selection;

namespace FlowGate.Routing.Plans;

/// <summary>
/// Decides where each attempt of one request goes: the untried targets of the route by its selection
/// policy, then the route's fallback chain breadth-first (default fallbacks last), never a route or a target
/// twice, at most <see cref="RetryPolicy.MaxAttempts"/> attempts. A failure's class steers the plan: a client
/// error stops it, a context-length error switches to the context-window chain, a signature error earns one
/// retry on the same target with thinking dropped.
/// </summary>
internal static class AttemptPlanner
{
    /// <summary>Starts a plan on a route.</summary>
    /// <param name="route">The route the request resolved to.</param>
    /// <param name="maxAttempts">The most upstream attempts allowed.</param>
    /// <returns>The plan, before any attempt.</returns>
    public static AttemptPlan Start(RouteEntry route, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return new AttemptPlan { Route = route.Name, PendingRoutes = route.Fallbacks, VisitedRoutes = [route.Name], MaxAttempts = maxAttempts };
    }

    /// <summary>Picks the next attempt.</summary>
    /// <param name="table">The route table the plan was started from.</param>
    /// <param name="plan">The plan so far.</param>
    /// <param name="health">Cool-downs and in-flight counts.</param>
    /// <param name="now">The current time.</param>
    /// <param name="draw">A random draw in [0, 1).</param>
    /// <param name="roundRobin">The counters of <c>round-robin</c> routes, if the host keeps them.</param>
    /// <returns>The attempt to make, or an exhausted step.</returns>
    public static AttemptStep Next(RouteTable table, AttemptPlan plan, ITargetHealthView health, DateTimeOffset now, double draw, IRoundRobinState? roundRobin = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(health);
        if (plan.Stopped || plan.AttemptsMade >= plan.MaxAttempts)
        {
            return new AttemptStep { Plan = plan };
        }

        if (plan.SignatureRetryTarget is { } retry && table.TryGetRoute(plan.Route, out var current) &&
            current.Targets.FirstOrDefault(t => t.Ordinal == retry) is { } owner)
        {
            return Attempt(plan with { SignatureRetryTarget = null }, current, owner);
        }

        DateTimeOffset? soonest = null;
        while (true)
        {
            if (!plan.RouteAbandoned && table.TryGetRoute(plan.Route, out var route))
            {
                var counters = route.Policy == SelectionPolicy.RoundRobin && roundRobin is not null ? roundRobin.CountersOf(route) : default;
                var target = TargetSelector.Select(route, new SelectionContext(health, now, draw, plan.TriedTargets.Span, counters));
                if (target is not null)
                {
                    return Attempt(plan, route, target);
                }

                soonest = Earliest(soonest, TargetSelector.SoonestCooldownEnd(route, health));
            }

            if (NextRoute(plan) is not { } next)
            {
                return new AttemptStep { Plan = plan with { PendingRoutes = default }, RetryAt = soonest > now ? soonest : null };
            }

            plan = next;
        }
    }

    /// <summary>Records a failed attempt's class in the plan.</summary>
    /// <param name="table">The route table.</param>
    /// <param name="plan">The plan after the failed attempt.</param>
    /// <param name="target">The target that failed.</param>
    /// <param name="failure">How the failure was classified.</param>
    /// <returns>The plan to continue with.</returns>
    public static AttemptPlan AfterFailure(RouteTable table, AttemptPlan plan, RouteTarget target, FailureClassification failure)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Class switch
        {
            FailureClass.Client => plan with { Stopped = true },
            FailureClass.Signature when !plan.StripThinking => plan with { StripThinking = true, SignatureRetryTarget = target.Ordinal },
            FailureClass.ContextLength => plan with
            {
                // Other targets of this route share its context window; only a larger route can help.
                RouteAbandoned = true,
                PendingRoutes = table.TryGetRoute(plan.Route, out var route) ? route.ContextWindowFallbacks : default,
            },
            _ => plan,
        };
    }

    internal static AttemptStep Attempt(AttemptPlan plan, RouteEntry route, RouteTarget target) => new()
    {
        Route = route,
        Target = target,
        Plan = plan with
        {
            AttemptsMade = plan.AttemptsMade + 1,
            TriedTargets = plan.TriedTargets.Span.Contains(target.Ordinal) ? plan.TriedTargets : [.. plan.TriedTargets, target.Ordinal],
        },
    };

    private static AttemptPlan? NextRoute(AttemptPlan plan)
    {
        for (var i = 0; i < plan.PendingRoutes.Count; i++)
        {
            var candidate = plan.PendingRoutes[i];
            if (!plan.VisitedRoutes.Any(v => string.Equals(v, candidate, StringComparison.OrdinalIgnoreCase)))
            {
                return plan with
                {
                    Route = candidate,
                    RouteAbandoned = false,
                    PendingRoutes = plan.PendingRoutes.Skip(i + 1).ToValueArray(),
                    VisitedRoutes = [.. plan.VisitedRoutes, candidate],
                };
            }
        }

        return null;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
