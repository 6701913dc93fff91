using FlowGate.Routing.Selection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Selection;

public sealed class TargetSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Select_Weighted_FrequenciesMatchWeights_ChiSquare()
    {
        var route = RouteOf(SelectionPolicy.Weighted, 1, 2, 3, 4);
        var counts = new int[4];
        var random = new Random(20261122);
        const int Draws = 100_000;
        for (var i = 0; i < Draws; i++)
        {
            counts[TargetSelector.Select(route, new SelectionContext(TargetHealth.AllHealthy, Now, random.NextDouble()))!.Index]++;
        }

        // Chi-square with 3 degrees of freedom: 11.34 is the 0.01 critical value.
        var chiSquare = Enumerable.Range(0, 4).Sum(i =>
        {
            var expected = Draws * (i + 1) / 10.0;
            return Math.Pow(counts[i] - expected, 2) / expected;
        });
        Assert.True(chiSquare < 11.34, $"chi-square {chiSquare:F2}, counts {string.Join(",", counts)}");
    }

    [Property(MaxTest = 1_000)]
    public Property Select_AnyPolicyAndState_ReturnsOnlyEligibleTargetsAndNeverZeroWeight()
    {
        var cases =
            from count in Gen.Choose(1, 8)
            from weights in Gen.ArrayOf(Gen.Choose(0, 5), count)
            from cooling in Gen.ArrayOf(Gen.Elements(true, false, false), weights.Length)
            from tried in Gen.ArrayOf(Gen.Elements(true, false, false), weights.Length)
            from inFlight in Gen.ArrayOf(Gen.Choose(0, 3), weights.Length)
            from policy in Gen.Elements(Enum.GetValues<SelectionPolicy>())
            from draw in Gen.Choose(0, 9999).Select(d => d / 10000.0)
            select (weights, cooling, tried, inFlight, policy, draw);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var route = RouteOf(c.policy, c.weights);
            var health = new Health(c.cooling, c.inFlight);
            var tried = route.Targets.Where(t => c.tried[t.Index]).Select(t => t.Ordinal).ToArray();
            var state = new long[c.weights.Length];
            bool Eligible(int i) => c.weights[i] > 0 && !c.cooling[i] && !c.tried[i];

            var chosen = TargetSelector.Select(route, new SelectionContext(health, Now, c.draw, tried, state));

            if (chosen is null)
            {
                Assert.DoesNotContain(Enumerable.Range(0, c.weights.Length), Eligible);
            }
            else
            {
                Assert.True(Eligible(chosen.Index), $"picked ineligible target {chosen.Index}");
                Assert.NotEqual(0, chosen.Weight);
            }

            if (chosen is not null && c.policy == SelectionPolicy.LeastBusy)
            {
                Assert.Equal(Enumerable.Range(0, c.weights.Length).Where(Eligible).Min(i => c.inFlight[i]), c.inFlight[chosen.Index]);
            }
        });
    }

    [Fact]
    public void Select_SmoothRoundRobin_IsExactAndSpreadOut()
    {
        var route = RouteOf(SelectionPolicy.RoundRobin, 5, 1, 1);
        var state = new long[3];
        var picks = Enumerable.Range(0, 7)
            .Select(_ => TargetSelector.Select(route, new SelectionContext(TargetHealth.AllHealthy, Now, 0, roundRobinState: state))!.Index)
            .ToArray();

        // nginx's documented sequence for weights 5, 1, 1: a a b a c a a.
        Assert.Equal([0, 0, 1, 0, 2, 0, 0], picks);
    }

    [Fact]
    public void Select_First_TakesFirstEligibleInOrder()
    {
        var route = RouteOf(SelectionPolicy.First, 3, 1, 1);
        var health = new Health([true, false, false], [0, 0, 0]);

        Assert.Equal(1, TargetSelector.Select(route, new SelectionContext(health, Now, 0.99))!.Index);
    }

    [Fact]
    public void SoonestCooldownEnd_IsEarliestAmongEnabledTargets()
    {
        var route = RouteOf(SelectionPolicy.Weighted, 1, 1, 0);
        var health = new Health([true, true, true], [0, 0, 0], [Now.AddSeconds(30), Now.AddSeconds(10), Now.AddSeconds(1)]);

        Assert.Equal(Now.AddSeconds(10), TargetSelector.SoonestCooldownEnd(route, health));
        Assert.Null(TargetSelector.Select(route, new SelectionContext(health, Now, 0.5)));
    }

    private static RouteEntry RouteOf(SelectionPolicy policy, params int[] weights)
    {
        var route = Route("r", [.. weights.Select((w, i) => Target("u", $"m{i}", w))]) with { Policy = policy };
        var config = WithRoutes(route);
        if (weights.All(w => w == 0))
        {
            config = config with { Routes = [route, Route("enabled", Target("u", "m0"))] };
            return new RouteTableAccessor(config).Route("r");
        }

        RouteTable.Create(config).TryGetRoute("r", out var entry);
        return entry!;
    }

    private sealed class RouteTableAccessor(RoutingConfig config)
    {
        // A route whose targets are all disabled is invalid config; build one anyway to test the selector alone.
        public RouteEntry Route(string name)
        {
            var valid = config with { Routes = config.Routes.Select(r => r.Name == name ? r with { Targets = [.. r.Targets.Select(t => t with { Weight = 1 })] } : r).ToValueArray() };
            RouteTable.Create(valid).TryGetRoute(name, out var entry);
            var disabled = config.Routes.Single(r => r.Name == name);
            var targets = entry!.Targets.Select((t, i) => new RouteTarget(t.Ordinal, i, disabled.Targets[i], t.Upstream)).ToArray();
            return new RouteEntry(disabled, targets, default, default);
        }
    }

    private sealed class Health(bool[] cooling, int[] inFlight, DateTimeOffset[]? until = null) : ITargetHealthView
    {
        // Ordinals equal indices here: every target of the test route has a distinct model.
        public DateTimeOffset CooldownUntil(int ordinal) =>
            cooling[ordinal] ? until?[ordinal] ?? Now.AddMinutes(1) : DateTimeOffset.MinValue;

        public int InFlight(int ordinal) => inFlight[ordinal];
    }
}
