using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Tests.Upgrades;

/// <summary>An example ladder: flash → sonnet at 20k tokens → opus at 100k tokens or 10 tools.</summary>
public sealed class LadderTests
{
    private static readonly FeatureCondition Tokens20K = Cond.AtLeast(RequestFeature.InputTokens, 20_000);
    private static readonly FeatureCondition Tokens100K = Cond.AtLeast(RequestFeature.InputTokens, 100_000);
    private static readonly FeatureCondition Tools10 = Cond.AtLeast(RequestFeature.ToolCount, 10);

    private static readonly LadderConfig Ladder = new()
    {
        Name = "coder",
        Steps =
        [
            new LadderStep { Route = "flash", MaxOutputTokens = 8_192 },
            new LadderStep { Route = "sonnet", Conditions = [Tokens20K], MaxOutputTokens = 64_000 },
            new LadderStep { Route = "opus", Conditions = [Tokens100K, Tools10], Match = MatchMode.Any, MaxOutputTokens = 32_000 },
        ],
    };

    private static readonly UpgradeTable Table = UpgradeTable.Create([], [Ladder], null);

    [Theory]
    [InlineData(0, 0, "flash")]
    [InlineData(19_999, 9, "flash")]
    [InlineData(20_000, 0, "sonnet")]
    [InlineData(99_999, 9, "sonnet")]
    [InlineData(100_000, 0, "opus")]
    [InlineData(5_000, 10, "opus")]
    [InlineData(500_000, 40, "opus")]
    public void Ladder_PicksTheLastStepWhoseConditionsAreMet(int tokens, int tools, string route)
    {
        var outcome = Evaluate(new RequestFeatures { EstimatedInputTokens = tokens, ToolCount = tools });

        Assert.Equal(route, outcome.Route);
        Assert.Equal(UpgradeKind.Ladder, outcome.Kind);
        Assert.Equal("coder", outcome.Name);
        Assert.Equal(outcome.Step, outcome.ConditionStep);
        Assert.True(outcome.ConditionsHeld);
    }

    [Fact]
    public void Ladder_ReportsTheStepAndItsHeldConditions()
    {
        var outcome = Evaluate(new RequestFeatures { EstimatedInputTokens = 150_000, ToolCount = 3 });

        Assert.Equal(
            new UpgradeOutcome
            {
                Kind = UpgradeKind.Ladder,
                Name = "coder",
                Route = "opus",
                ConditionsHeld = true,
                Step = 2,
                ConditionStep = 2,
                HeldConditions = [Tokens100K],
            },
            outcome);
    }

    [Fact]
    public void Ladder_OutputAboveTheStepCap_MovesUp()
    {
        var outcome = Evaluate(new RequestFeatures { EstimatedInputTokens = 1_000, RequestedOutputTokens = 16_000 });

        Assert.Equal("sonnet", outcome.Route);
        Assert.Equal(1, outcome.Step);
        Assert.Equal(0, outcome.ConditionStep);
    }

    [Fact]
    public void Ladder_OutputAboveSeveralCaps_MovesUpUntilOneFits()
    {
        var ladder = new LadderConfig
        {
            Name = "l",
            Steps =
            [
                new LadderStep { Route = "a", MaxOutputTokens = 1_000 },
                new LadderStep { Route = "b", Conditions = [Tools10], MaxOutputTokens = 2_000 },
                new LadderStep { Route = "c", Conditions = [Tools10], MaxOutputTokens = 8_000 },
                new LadderStep { Route = "d", Conditions = [Tools10] },
            ],
        };

        Assert.Equal("c", UpgradeEvaluator.Evaluate("l", new RequestFeatures { RequestedOutputTokens = 5_000 }, [], [ladder], null)!.Route);
        Assert.Equal("b", UpgradeEvaluator.Evaluate("l", new RequestFeatures { RequestedOutputTokens = 2_000 }, [], [ladder], null)!.Route);
        Assert.Equal("d", UpgradeEvaluator.Evaluate("l", new RequestFeatures { RequestedOutputTokens = 9_000 }, [], [ladder], null)!.Route);
        Assert.Equal("a", UpgradeEvaluator.Evaluate("l", new RequestFeatures { RequestedOutputTokens = 1_000 }, [], [ladder], null)!.Route);

        // Every step without conditions is always met, so the last of them serves.
        Assert.Equal("d", UpgradeEvaluator.Evaluate("l", RequestFeatures.Empty, [], [ladder with { Steps = [.. ladder.Steps.Select(s => s with { Conditions = [] })] }], null)!.Route);
    }

    [Fact]
    public void Ladder_StepWithoutCap_TakesAnyOutput()
    {
        var ladder = Ladder with { Steps = [new LadderStep { Route = "a" }, new LadderStep { Route = "b", Conditions = [Tools10] }] };

        Assert.Equal("a", UpgradeEvaluator.Evaluate("coder", new RequestFeatures { RequestedOutputTokens = int.MaxValue }, [], [ladder], null)!.Route);
    }

    [Fact]
    public void Ladder_TopStep_NeverMovesPastTheEnd()
    {
        var outcome = Evaluate(new RequestFeatures { EstimatedInputTokens = 200_000, RequestedOutputTokens = 128_000 });

        Assert.Equal("opus", outcome.Route);
        Assert.Equal(2, outcome.Step);
    }

    [Fact]
    public void Ladder_OutputCapMovesFromLowStepsToo()
    {
        // 100 k output exceeds flash (8 k) and sonnet (64 k): only the top step is left.
        Assert.Equal("opus", Evaluate(new RequestFeatures { RequestedOutputTokens = 100_000 }).Route);
    }

    [Fact]
    public void Ladder_NoStepMet_ServesTheFirstStep()
    {
        var ladder = new LadderConfig
        {
            Name = "gated",
            Steps = [new LadderStep { Route = "a", Conditions = [Tools10] }, new LadderStep { Route = "b", Conditions = [Tokens100K] }],
        };

        var outcome = UpgradeEvaluator.Evaluate("gated", RequestFeatures.Empty, [], [ladder], null)!;

        Assert.Equal("a", outcome.Route);
        Assert.False(outcome.ConditionsHeld);
        Assert.Equal(0, outcome.Step);
        Assert.Empty(outcome.HeldConditions);
    }

    [Fact]
    public void Ladder_NameIsCaseInsensitive() =>
        Assert.Equal("flash", UpgradeEvaluator.Evaluate(Table, "CODER", RequestFeatures.Empty)!.Route);

    private static UpgradeOutcome Evaluate(RequestFeatures features) => UpgradeEvaluator.Evaluate(Table, "coder", features)!;
}
