using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Tests.Upgrades;

public sealed class UpgradeRuleTests
{
    private static readonly FeatureCondition ManyMessages = Cond.AtLeast(RequestFeature.MessageCount, 10);
    private static readonly FeatureCondition Thinking = Cond.Of(RequestFeature.Thinking, ConditionOperator.Equal, "true");

    [Theory]
    [InlineData(MatchMode.Any, 0, false, "small")]
    [InlineData(MatchMode.Any, 10, false, "big")]
    [InlineData(MatchMode.Any, 0, true, "big")]
    [InlineData(MatchMode.Any, 10, true, "big")]
    [InlineData(MatchMode.All, 0, false, "small")]
    [InlineData(MatchMode.All, 10, false, "small")]
    [InlineData(MatchMode.All, 0, true, "small")]
    [InlineData(MatchMode.All, 10, true, "big")]
    public void Rule_CombinesConditionsByMatchMode(MatchMode match, int messages, bool thinking, string route)
    {
        var rule = new UpgradeRule { Name = "x.auto", Base = "small", To = "big", Match = match, Conditions = [ManyMessages, Thinking] };
        var features = new RequestFeatures { MessageCount = messages, ThinkingRequested = thinking };

        Assert.Equal(route, UpgradeEvaluator.Evaluate("x.auto", features, [rule], [], null)!.Route);
        Assert.Equal(route == "big", FeatureConditionEvaluator.Holds(rule.Conditions, match, features));
    }

    [Fact]
    public void Rule_ReportsOnlyTheConditionsThatHeld()
    {
        var rule = new UpgradeRule { Name = "x.auto", Base = "small", To = "big", Conditions = [ManyMessages, Thinking] };

        var outcome = UpgradeEvaluator.Evaluate("x.auto", new RequestFeatures { ThinkingRequested = true }, [rule], [], null);

        Assert.Equal(
            new UpgradeOutcome { Kind = UpgradeKind.Rule, Name = "x.auto", Route = "big", ConditionsHeld = true, HeldConditions = [Thinking] },
            outcome);
    }

    [Fact]
    public void Rule_WithoutConditions_AlwaysUpgrades()
    {
        var rule = new UpgradeRule { Name = "x.auto", Base = "small", To = "big", Conditions = [] };

        Assert.Equal("big", UpgradeEvaluator.Evaluate("x.auto", RequestFeatures.Empty, [rule], [], null)!.Route);
        Assert.True(FeatureConditionEvaluator.Holds([], MatchMode.Any, RequestFeatures.Empty));
    }

    [Fact]
    public void Table_FirstDefinitionOfANameWins_RulesThenLaddersThenRouter()
    {
        var rule = new UpgradeRule { Name = "auto", Base = "from-rule", To = "from-rule", Conditions = [] };
        var ladder = new LadderConfig { Name = "AUTO", Steps = [new LadderStep { Route = "from-ladder" }] };
        var router = new ModelRouterConfig { DefaultRoute = "from-router" };

        Assert.Equal("from-rule", UpgradeEvaluator.Evaluate("auto", RequestFeatures.Empty, [rule], [ladder], router)!.Route);
        Assert.Equal("from-ladder", UpgradeEvaluator.Evaluate("auto", RequestFeatures.Empty, [], [ladder], router)!.Route);
        Assert.Equal("from-router", UpgradeEvaluator.Evaluate("auto", RequestFeatures.Empty, [], [], router)!.Route);
    }

    [Fact]
    public void Table_KnowsItsNames()
    {
        var table = UpgradeTable.Create(new RoutingConfig
        {
            UpgradeRules = [SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus")],
            Ladders = [new LadderConfig { Name = "ladder", Steps = [new LadderStep { Route = "a" }] }, new LadderConfig { Name = "empty", Steps = [] }],
            ModelRouter = new ModelRouterConfig { DefaultRoute = "d" },
        });

        Assert.Equal(4, table.Count);
        Assert.True(table.Contains("G3F.AUTO"));
        Assert.True(table.Contains("auto-canary"));
        Assert.False(table.Contains("empty"));
        Assert.False(table.Contains("g3f"));
        Assert.Equal(0, UpgradeTable.Empty.Count);
        Assert.Same(UpgradeTable.Empty, UpgradeTable.Create([], [], null));
    }

    [Fact]
    public void Evaluate_OnTheUsualPaths_AllocatesNothing()
    {
        var table = UpgradeTable.Create(
            [SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus")],
            [new LadderConfig { Name = "coder", Steps = [new LadderStep { Route = "flash", MaxOutputTokens = 100 }, new LadderStep { Route = "sonnet", Conditions = [ManyMessages] }] }],
            new ModelRouterConfig { DefaultRoute = "d", Rules = [new ModelRouterRule { Name = "think", Conditions = [Thinking], Route = "opus" }] });
        var quiet = new RequestFeatures { MessageCount = 3, ToolCount = 4, RequestedOutputTokens = 1_000 };
        var busy = quiet with { MessageCount = 12, ThinkingRequested = true };
        string[] names = ["opus", "g3f.auto", "coder", "auto"];

        // Warm up, then measure: unknown names give null, everything else a prebuilt outcome unless an any-of
        // set holds through only some of its conditions.
        for (var i = 0; i < 100; i++)
        {
            foreach (var name in names)
            {
                _ = UpgradeEvaluator.Evaluate(table, name, quiet);
                _ = UpgradeEvaluator.Evaluate(table, name, busy);
            }
        }

        var outcomes = new UpgradeOutcome?[names.Length * 2];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < names.Length; i++)
        {
            outcomes[2 * i] = UpgradeEvaluator.Evaluate(table, names[i], quiet);
            outcomes[(2 * i) + 1] = UpgradeEvaluator.Evaluate(table, names[i], busy);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal([null, null, "g3f", "g3f", "sonnet", "sonnet", "d", "opus"], outcomes.Select(o => o?.Route));
        Assert.Same(outcomes[2], UpgradeEvaluator.Evaluate(table, "g3f.auto", quiet));
    }
}
