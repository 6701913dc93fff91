using FlowGate.Routing.Features;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;
using FlowGate.Routing.Upgrades;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests;

public sealed class RouterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Router Router = new(RouteTable.Create(WithRoutes(
        Route("g3f", Target("ag", "gemini-3-flash", 1), Target("relay", "gemini-3-flash", 3)) with { Fallbacks = ["opus4.6"] },
        Route("opus4.6", Target("ag", "claude-opus-4-6"))) with
    {
        UpgradeRules = [SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus4.6")],
        Aliases = [new AliasConfig { Name = "fast", Target = "g3f.auto" }],
    }));

    private static readonly StickyTable NoSessions = StickyTable.Empty(StickyPolicy.Default);

    [Fact]
    public void Decide_AutoName_ServedLikeBaseUntilRequestLooksHard()
    {
        var easy = Router.Decide("fast", RequestFeatures.Empty with { MessageCount = 79 }, Snapshot(), 0.1);
        var hard = Router.Decide("fast", RequestFeatures.Empty with { MessageCount = 80 }, Snapshot(), 0.1);

        Assert.Equal(["fast"], easy.Resolution.AliasChain.ToArray());
        Assert.Equal(ResolutionOutcome.Upgrade, easy.Resolution.Outcome);
        Assert.Equal("g3f", easy.Route!.Name);
        Assert.Equal("opus4.6", hard.Route!.Name);
        Assert.NotNull(hard.Upgrade);
        Assert.Equal(["opus4.6"], easy.FallbackPlan.ToArray());
    }

    [Fact]
    public void Decide_UnknownModel_NoRouteAndClosestMatch()
    {
        var decision = Router.Decide("opus4.7", RequestFeatures.Empty, Snapshot(), 0.5);

        Assert.Null(decision.Route);
        Assert.Null(decision.Target);
        Assert.Equal(SelectionReason.None, decision.Reason);
        Assert.Equal("opus4.6", decision.Resolution.ClosestMatch);
    }

    [Fact]
    public void Decide_WeightedDraw_PicksByPolicyAndListsCandidates()
    {
        var low = Router.Decide("g3f", RequestFeatures.Empty, Snapshot(), 0.1);
        var high = Router.Decide("g3f", RequestFeatures.Empty, Snapshot(), 0.9);

        Assert.Equal("ag", low.Target!.Id.Upstream);
        Assert.Equal("relay", high.Target!.Id.Upstream);
        Assert.Equal(SelectionReason.Policy, low.Reason);
        Assert.Equal([1, 3], low.Candidates.Select(c => c.Weight));
    }

    [Fact]
    public void Decide_StickySession_ReusesBoundTargetUnlessItIsCooling()
    {
        var features = RequestFeatures.Empty with { SessionKey = "s1" };
        var sticky = NoSessions.Bind("s1", "g3f", new TargetId("ag", "gemini-3-flash"), Now);

        var decision = Router.Decide("g3f", features, Snapshot(sticky: sticky), 0.9);
        var cooling = Router.Decide("g3f", features, Snapshot(sticky: sticky, coolingOrdinal: decision.Target!.Ordinal), 0.9);

        Assert.Equal(SelectionReason.Sticky, decision.Reason);
        Assert.Equal("ag", decision.Target.Id.Upstream);
        Assert.Equal(SelectionReason.Policy, cooling.Reason);
        Assert.Equal("relay", cooling.Target!.Id.Upstream);
        Assert.False(cooling.Candidates[0].Eligible);
    }

    [Fact]
    public void Decide_SignedThinking_GoesToOwnerEvenAcrossRoutesAndWhileCooling()
    {
        var features = RequestFeatures.Empty with { SessionKey = "s1", HasSignedThinking = true };
        var sticky = NoSessions.Bind("s1", "other-route", new TargetId("ag", "gemini-3-flash"), Now);
        var ownerOrdinal = Router.Table.Routes[0].Targets[0].Ordinal;

        var decision = Router.Decide("g3f", features, Snapshot(sticky: sticky, coolingOrdinal: ownerOrdinal), 0.9);

        Assert.Equal(SelectionReason.SignatureAffinity, decision.Reason);
        Assert.Equal("ag", decision.Target!.Id.Upstream);
    }

    [Fact]
    public void Decide_SignedThinkingWithoutOwner_GoesToHeaviestTarget()
    {
        var decision = Router.Decide("g3f", RequestFeatures.Empty with { HasSignedThinking = true }, Snapshot(), 0.0);

        Assert.Equal("relay", decision.Target!.Id.Upstream);
    }

    [Fact]
    public void Decide_AllTargetsCooling_FirstAttemptIsFallbackRoute()
    {
        var health = new Cooling(Router.Table.Routes[0].Targets.Select(t => t.Ordinal).ToHashSet());

        var decision = Router.Decide("g3f", RequestFeatures.Empty, new RoutingSnapshot(health, NoSessions, Now), 0.5);

        Assert.Equal("g3f", decision.Route!.Name);
        Assert.Equal("opus4.6", decision.FirstAttempt!.Route!.Name);
    }

    private static RoutingSnapshot Snapshot(StickyTable? sticky = null, int coolingOrdinal = -1) =>
        new(coolingOrdinal < 0 ? TargetHealth.AllHealthy : new Cooling([coolingOrdinal]), sticky ?? NoSessions, Now);

    private sealed class Cooling(HashSet<int> ordinals) : ITargetHealthView
    {
        public DateTimeOffset CooldownUntil(int ordinal) => ordinals.Contains(ordinal) ? Now.AddMinutes(1) : DateTimeOffset.MinValue;

        public int InFlight(int ordinal) => 0;
    }

    [Fact]
    public void Decide_RoundRobinRoute_UsesHostCounters()
    {
        var router = new Router(RouteTable.Create(WithRoutes(
            Route("rr", Target("a", "m", 2), Target("b", "m", 1)) with { Policy = SelectionPolicy.RoundRobin })));
        var state = new Counters();

        var picks = Enumerable.Range(0, 6)
            .Select(_ => router.Decide("rr", RequestFeatures.Empty, new RoutingSnapshot(TargetHealth.AllHealthy, NoSessions, Now, state), 0.99).Target!.Id.Upstream)
            .ToArray();

        Assert.Equal(["a", "b", "a", "a", "b", "a"], picks);
    }

    private sealed class Counters : IRoundRobinState
    {
        private readonly Dictionary<string, long[]> _byRoute = [];

        public Span<long> CountersOf(RouteEntry route) =>
            _byRoute.TryGetValue(route.Name, out var counters) ? counters : _byRoute[route.Name] = new long[route.Targets.Count];
    }
}
