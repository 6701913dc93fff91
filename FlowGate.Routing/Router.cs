using FlowGate.Routing.Features;
using FlowGate.Routing.Plans;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing;

/// <summary>
/// Makes the routing decision for one request as a pure function of the route table, the request's
/// model and features, the host's snapshot and a random draw: resolve the name, apply upgrade rules, honour
/// thinking-signature affinity and sticky sessions, else select by the route's policy.
/// </summary>
public sealed class Router
{
    private readonly UpgradeTable _upgrades;

    /// <summary>Initializes a new instance of the <see cref="Router"/> class.</summary>
    /// <param name="table">The compiled route table.</param>
    public Router(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        _upgrades = UpgradeTable.Create(table.Config);
    }

    /// <summary>Gets the route table decisions are made on.</summary>
    public RouteTable Table { get; }

    /// <summary>
    /// Decides where a request goes first, for a request with no session history (no sticky binding, no known
    /// signer of its thinking blocks), with the targets' state as <paramref name="health"/> reports it.
    /// </summary>
    /// <param name="model">The model the client asked for.</param>
    /// <param name="features">The request's features (the model, message and tool counts, thinking, …).</param>
    /// <param name="now">The time of the decision (cool-downs and budgets are judged at it).</param>
    /// <param name="draw">A random draw in [0, 1), for weighted selection.</param>
    /// <param name="health">The targets' state; <see langword="null"/> counts every target healthy.</param>
    /// <returns>The decision; for an unknown model it has no route and names the closest known model.</returns>
    public RoutingDecision Decide(string model, RequestFeatures features, DateTimeOffset now, double draw, ITargetHealthView? health = null) =>
        Decide(model, features, new RoutingSnapshot(health ?? TargetHealth.AllHealthy, StickyTable.Empty(Table.Config.Sticky), now), draw);

    /// <summary>Decides where a request goes first.</summary>
    /// <param name="model">The model the client asked for.</param>
    /// <param name="features">The request's features, with the session key and failure streak filled in.</param>
    /// <param name="snapshot">The host's health, sticky table and time.</param>
    /// <param name="draw">A random draw in [0, 1).</param>
    /// <returns>The decision; for an unknown model it has no route and names the closest known model.</returns>
    internal RoutingDecision Decide(string model, RequestFeatures features, RoutingSnapshot snapshot, double draw)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        var resolution = Table.Resolve(model);
        var upgrade = resolution.Outcome == ResolutionOutcome.Upgrade ? UpgradeEvaluator.Evaluate(_upgrades, resolution.Name, features) : null;
        var routeName = upgrade?.Route ?? resolution.Route?.Name;
        if (routeName is null || !Table.TryGetRoute(routeName, out var route))
        {
            return new RoutingDecision { RequestedModel = model, Resolution = resolution, Features = features, Upgrade = upgrade };
        }

        var (preferred, reason) = Preferred(route, features, snapshot);
        var first = AttemptLoop.First(Table, route, preferred, new AttemptContext(snapshot.Health, snapshot.Now, draw, 0) { RoundRobin = snapshot.RoundRobin });
        if (first.IsPanic)
        {
            reason = SelectionReason.Panic;
        }

        return new RoutingDecision
        {
            RequestedModel = model,
            Resolution = resolution,
            Features = features,
            Upgrade = upgrade,
            Route = route,
            Candidates = Candidates(route, snapshot),
            FirstAttempt = first,
            Reason = first.HasAttempt ? reason : SelectionReason.None,
            FallbackPlan = route.Fallbacks,
        };
    }

    /// <summary>
    /// A target chosen ahead of the policy: the one that made the request's thinking signature (signatures only
    /// validate there, so even a cooling target is tried), else the session's sticky target when eligible.
    /// </summary>
    private static (RouteTarget? Target, SelectionReason Reason) Preferred(RouteEntry route, RequestFeatures features, RoutingSnapshot snapshot)
    {
        var session = features.SessionKey;
        var sticky = snapshot.Sticky;
        if (features.HasSignedThinking)
        {
            var owner = session is null ? null : sticky.Lookup(session, route.Name, snapshot.Now) ?? sticky.LatestForSession(session, snapshot.Now);
            var target = owner is { } id ? Find(route, id) : null;

            // With no known owner, agent-cli sends the request to the heaviest target, so a session's signed turns agree.
            return (target ?? Heaviest(route), SelectionReason.SignatureAffinity);
        }

        if (session is not null && sticky.Lookup(session, route.Name, snapshot.Now) is { } bound &&
            Find(route, bound) is { } stuck && new SelectionContext(snapshot.Health, snapshot.Now, 0).IsEligible(stuck))
        {
            return (stuck, SelectionReason.Sticky);
        }

        return (null, SelectionReason.Policy);
    }

    private static RouteTarget? Find(RouteEntry route, TargetId id)
    {
        foreach (var target in route.TargetSpan)
        {
            if (target.Id == id && target.Weight > 0)
            {
                return target;
            }
        }

        return null;
    }

    private static RouteTarget? Heaviest(RouteEntry route)
    {
        RouteTarget? heaviest = null;
        foreach (var target in route.TargetSpan)
        {
            if (target.Weight > (heaviest?.Weight ?? 0))
            {
                heaviest = target;
            }
        }

        return heaviest;
    }

    private static ValueArray<CandidateTarget> Candidates(RouteEntry route, RoutingSnapshot snapshot)
    {
        var candidates = new CandidateTarget[route.TargetSpan.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            var target = route.TargetSpan[i];
            var until = snapshot.Health.CooldownUntil(target.Ordinal);
            var cooling = until > snapshot.Now;
            candidates[i] = new CandidateTarget(target.Id, target.Weight, target.Weight > 0 && !cooling, cooling ? until : null);
        }

        return new ValueArray<CandidateTarget>([.. candidates]);
    }
}
