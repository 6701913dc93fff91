namespace FlowGate.Routing.Selection;

/// <summary>
/// Picks one eligible target of a route by the route's policy. Eligible means weight above zero, not
/// cooling down and not yet tried for this request. Pure: the result depends only on the route and the context.
/// </summary>
internal static class TargetSelector
{
    /// <summary>Picks a target of <paramref name="route"/> by its policy.</summary>
    /// <param name="route">The route.</param>
    /// <param name="context">Health, time, draw, tried targets and round-robin state.</param>
    /// <returns>The chosen target, or <see langword="null"/> when no target is eligible.</returns>
    public static RouteTarget? Select(RouteEntry route, scoped in SelectionContext context)
    {
        ArgumentNullException.ThrowIfNull(route);
        int index;
        if (route.Policy == SelectionPolicy.RoundRobin && context.RoundRobinState.Length >= route.TargetSpan.Length)
        {
            // The host's counters are shared by every request on the route; one lock per route, never one for the table.
            lock (route.RoundRobinGate)
            {
                index = Select(route.TargetSpan, route.Policy, context);
            }
        }
        else
        {
            index = Select(route.TargetSpan, route.Policy, context);
        }

        return index < 0 ? null : route.TargetSpan[index];
    }

    /// <summary>Picks the index of a target by <paramref name="policy"/>, or −1 when none is eligible.</summary>
    internal static int Select(ReadOnlySpan<RouteTarget> targets, SelectionPolicy policy, scoped in SelectionContext context) => policy switch
    {
        SelectionPolicy.First => First(targets, context),
        SelectionPolicy.LeastBusy => LeastBusy(targets, context),
        SelectionPolicy.UsageBased => MostBudgetLeft(targets, context),
        SelectionPolicy.RoundRobin when context.RoundRobinState.Length >= targets.Length => SmoothRoundRobin(targets, context),
        _ => Weighted(targets, context, minInFlight: -1),
    };

    /// <summary>Gets the earliest end of a cool-down among the route's enabled targets, for <c>Retry-After</c>.</summary>
    /// <param name="route">The route.</param>
    /// <param name="health">The health view.</param>
    /// <returns>The soonest cool-down end, or <see langword="null"/> when no enabled target is cooling down.</returns>
    public static DateTimeOffset? SoonestCooldownEnd(RouteEntry route, ITargetHealthView health)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(health);
        DateTimeOffset? soonest = null;
        foreach (var target in route.TargetSpan)
        {
            var until = health.CooldownUntil(target.Ordinal);
            if (target.Weight > 0 && until != DateTimeOffset.MinValue && (soonest is null || until < soonest))
            {
                soonest = until;
            }
        }

        return soonest;
    }

    private static int First(ReadOnlySpan<RouteTarget> targets, scoped in SelectionContext context)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            if (context.IsEligible(targets[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Weighted random over the eligible targets; with <paramref name="minInFlight"/> ≥ 0 only over those with
    /// exactly that many requests in flight (the least-busy tie break).
    /// </summary>
    private static int Weighted(ReadOnlySpan<RouteTarget> targets, scoped in SelectionContext context, int minInFlight)
    {
        long total = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if (IsCandidate(targets[i], context, minInFlight))
            {
                total += targets[i].Weight;
            }
        }

        if (total == 0)
        {
            return -1;
        }

        // A draw outside [0, 1) is a host bug; clamping keeps the pick inside the eligible set anyway.
        var point = (long)(Math.Clamp(context.Draw, 0d, 1d) * total);
        var last = -1;
        for (var i = 0; i < targets.Length; i++)
        {
            if (!IsCandidate(targets[i], context, minInFlight))
            {
                continue;
            }

            last = i;
            point -= targets[i].Weight;
            if (point < 0)
            {
                return i;
            }
        }

        return last;
    }

    private static bool IsCandidate(RouteTarget target, scoped in SelectionContext context, int minInFlight) =>
        context.IsEligible(target) && (minInFlight < 0 || context.Health.InFlight(target.Ordinal) == minInFlight);

    private static int LeastBusy(ReadOnlySpan<RouteTarget> targets, scoped in SelectionContext context)
    {
        var fewest = int.MaxValue;
        foreach (var target in targets)
        {
            if (context.IsEligible(target))
            {
                fewest = Math.Min(fewest, context.Health.InFlight(target.Ordinal));
            }
        }

        return fewest == int.MaxValue ? -1 : Weighted(targets, context, fewest);
    }

    /// <summary>The eligible targets with the largest share of budget left, by weighted draw among them.</summary>
    private static int MostBudgetLeft(ReadOnlySpan<RouteTarget> targets, scoped in SelectionContext context)
    {
        var most = -1d;
        long total = 0;
        foreach (var target in targets)
        {
            if (!context.IsEligible(target))
            {
                continue;
            }

            var left = BudgetLeft(target, context);
            if (left > most)
            {
                (most, total) = (left, 0);
            }

            total += left == most ? target.Weight : 0;
        }

        if (total == 0)
        {
            return -1;
        }

        var point = (long)(Math.Clamp(context.Draw, 0d, 1d) * total);
        var last = -1;
        for (var i = 0; i < targets.Length; i++)
        {
            if (!context.IsEligible(targets[i]) || BudgetLeft(targets[i], context) != most)
            {
                continue;
            }

            last = i;
            point -= targets[i].Weight;
            if (point < 0)
            {
                return i;
            }
        }

        return last;
    }

    private static double BudgetLeft(RouteTarget target, scoped in SelectionContext context) =>
        Usage.TargetBudgets.Left(target.Config, context.Health.Budget(target.Ordinal), context.Now);

    /// <summary>
    /// nginx's smooth weighted round robin: every eligible target gains its weight, the largest current value
    /// wins and gives back the total. Over any window of Σweights picks each target is chosen weight times, and
    /// picks are spread out rather than bunched.
    /// </summary>
    private static int SmoothRoundRobin(ReadOnlySpan<RouteTarget> targets, scoped in SelectionContext context)
    {
        var state = context.RoundRobinState;
        long total = 0;
        var best = -1;
        for (var i = 0; i < targets.Length; i++)
        {
            if (!context.IsEligible(targets[i]))
            {
                continue;
            }

            state[i] += targets[i].Weight;
            total += targets[i].Weight;
            if (best < 0 || state[i] > state[best])
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            state[best] -= total;
        }

        return best;
    }
}
