using FlowGate.Routing.Plans;
using static FlowGate.Routing.Tests.Plans.FallbackChainTests;

namespace FlowGate.Routing.Tests.Plans;

public sealed class FallbackCycleDetectorTests
{
    [Fact]
    public void NoCycle_ReportsNothing()
    {
        var config = new RoutingConfig { Routes = [Route("a", ["b", "c"]), Route("b", ["c"]), Route("c")] };

        Assert.Empty(FallbackCycleDetector.FindCycles(config));
    }

    [Fact]
    public void TwoCycle_IsReportedFromItsFirstRoute()
    {
        var config = new RoutingConfig { Routes = [Route("x", ["a"]), Route("a", ["b"]), Route("b", ["A"])] };

        var cycle = Assert.Single(FallbackCycleDetector.FindCycles(config));

        Assert.Equal(FallbackKind.General, cycle.Kind);
        Assert.Equal(["a", "b", "a"], cycle.Routes);
        Assert.Equal("fallbacks: a → b → a", cycle.ToString());
    }

    [Fact]
    public void SelfLoop_IsACycle()
    {
        var config = new RoutingConfig { Routes = [Route("a", ["A"])] };

        Assert.Equal(["a", "a"], Assert.Single(FallbackCycleDetector.FindCycles(config)).Routes);
    }

    [Fact]
    public void ShortestCycleThroughTheFirstRoute_IsTheWitness()
    {
        // a → b → c → a and a → c → a share one component; the witness is the shorter one.
        var config = new RoutingConfig { Routes = [Route("a", ["b", "c"]), Route("b", ["c"]), Route("c", ["a"])] };

        Assert.Equal(["a", "c", "a"], Assert.Single(FallbackCycleDetector.FindCycles(config)).Routes);
    }

    [Fact]
    public void LongCycle_IsWalkedInEdgeOrder()
    {
        var config = new RoutingConfig { Routes = [Route("a", ["b"]), Route("b", ["c"]), Route("c", ["d"]), Route("d", ["a"])] };

        Assert.Equal(["a", "b", "c", "d", "a"], Assert.Single(FallbackCycleDetector.FindCycles(config)).Routes);
    }

    [Fact]
    public void EachKindIsCheckedOnItsOwn_GeneralFirst()
    {
        var config = new RoutingConfig
        {
            Routes = [Route("a", ["b"], contextWindow: ["c"]), Route("b", ["a"]), Route("c", contextWindow: ["c"])],
        };

        var cycles = FallbackCycleDetector.FindCycles(config);

        Assert.Equal(2, cycles.Count);
        Assert.Equal(new FallbackCycle(FallbackKind.General, ["a", "b", "a"]), cycles[0]);
        Assert.Equal(new FallbackCycle(FallbackKind.ContextWindow, ["c", "c"]), cycles[1]);
        Assert.Equal("context-window fallbacks: c → c", cycles[1].ToString());
    }

    [Fact]
    public void DefaultFallbacksAddNoEdges()
    {
        var config = new RoutingConfig
        {
            Routes = [Route("a", ["b"]), Route("b")],
            Retry = new RetryPolicy { DefaultFallbacks = ["a", "b"] },
        };

        Assert.Empty(FallbackCycleDetector.FindCycles(config));
    }

    [Fact]
    public void UnknownNamesAndDuplicateRoutes_AreIgnored()
    {
        // The second "A" is a duplicate (validation reports it); only the first definition has edges.
        var config = new RoutingConfig { Routes = [Route("a", ["ghost"]), Route("A", ["a"])] };

        Assert.Empty(FallbackCycleDetector.FindCycles(config));
    }

    [Fact]
    public void SeparateComponents_EachGetOneCycle_InConfigurationOrder()
    {
        var config = new RoutingConfig
        {
            Routes = [Route("p", ["q"]), Route("x", ["y"]), Route("q", ["p"]), Route("y", ["x", "q"])],
        };

        var cycles = FallbackCycleDetector.FindCycles(config);

        Assert.Equal([["p", "q", "p"], ["x", "y", "x"]], cycles.Items.Select(c => c.Routes).ToArray());
    }

    [Fact]
    public void DeepChain_DoesNotOverflowTheStack()
    {
        const int n = 100_000;
        var routes = new RouteConfig[n];
        for (var i = 0; i < n; i++)
        {
            routes[i] = Route("r" + i, ["r" + ((i + 1) % n)]);
        }

        var cycle = Assert.Single(FallbackCycleDetector.FindCycles(routes.ToValueArray(), FallbackKind.General));

        Assert.Equal(n + 1, cycle.Routes.Count);
    }
}
