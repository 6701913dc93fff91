using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Tests.Upgrades;

public sealed class ModelRouterTests
{
    private static readonly FeatureCondition Images = Cond.Of(RequestFeature.Images, ConditionOperator.Equal, "true");
    private static readonly FeatureCondition LongPrompt = Cond.Of(RequestFeature.PromptChars, ConditionOperator.GreaterThan, "50000");
    private static readonly FeatureCondition Review = Cond.Of(RequestFeature.LastUserText, ConditionOperator.Regex, @"\b(review|audit)\b");
    private static readonly FeatureCondition FirstTurn = Cond.Of(RequestFeature.MessageCount, ConditionOperator.LessThanOrEqual, "1");

    private static readonly ModelRouterConfig Router = new()
    {
        DefaultRoute = "sonnet",
        Rules =
        [
            new ModelRouterRule { Name = "quick", Priority = 1, Conditions = [FirstTurn], Route = "haiku" },
            new ModelRouterRule { Name = "vision", Priority = 10, Conditions = [Images], Route = "gemini" },
            new ModelRouterRule { Name = "review", Priority = 5, Conditions = [Review], Route = "opus" },
            new ModelRouterRule { Name = "long", Priority = 5, Conditions = [LongPrompt], Route = "gemini-pro" },
        ],
    };

    private static readonly UpgradeTable Table = UpgradeTable.Create([], [], Router);

    [Fact]
    public void Router_NoRuleHolds_UsesTheDefault()
    {
        var outcome = Evaluate(new RequestFeatures { MessageCount = 5 });

        Assert.Equal(new UpgradeOutcome { Kind = UpgradeKind.ModelRouter, Name = "auto", Route = "sonnet" }, outcome);
    }

    [Fact]
    public void Router_HigherPriority_WinsOverConfigurationOrder()
    {
        var outcome = Evaluate(new RequestFeatures { MessageCount = 1, HasImages = true });

        Assert.Equal("gemini", outcome.Route);
        Assert.Equal("vision", outcome.RuleName);
        Assert.True(outcome.ConditionsHeld);
        Assert.Equal([Images], outcome.HeldConditions);
    }

    [Fact]
    public void Router_EqualPriorities_KeepConfigurationOrder()
    {
        var features = new RequestFeatures { MessageCount = 4, PromptChars = 60_000, LastUserText = "please REVIEW this diff" };

        Assert.Equal("review", Evaluate(features).RuleName);
        Assert.Equal("long", Evaluate(features with { LastUserText = "previewing" }).RuleName);
    }

    [Fact]
    public void Router_LowPriorityRule_StillHoldsWhenAloneInMatching() =>
        Assert.Equal("haiku", Evaluate(new RequestFeatures { MessageCount = 1 }).Route);

    [Fact]
    public void Router_AppliesOnlyToActivationModels_IgnoringCase()
    {
        var features = new RequestFeatures { HasImages = true };

        Assert.Equal("gemini", UpgradeEvaluator.Evaluate(Table, "Auto-Canary", features)!.Route);
        Assert.Equal("auto-canary", UpgradeEvaluator.Evaluate(Table, "Auto-Canary", features)!.Name);
        Assert.Null(UpgradeEvaluator.Evaluate(Table, "sonnet", features));
        Assert.Null(UpgradeEvaluator.Evaluate(Table, "automatic", features));
    }

    [Fact]
    public void Router_CustomActivationModels_ReplaceTheDefaults()
    {
        var table = UpgradeTable.Create([], [], Router with { ActivationModels = ["smart"] });

        Assert.Equal("sonnet", UpgradeEvaluator.Evaluate(table, "SMART", new RequestFeatures { MessageCount = 5 })!.Route);
        Assert.Null(UpgradeEvaluator.Evaluate(table, "auto", RequestFeatures.Empty));
    }

    [Fact]
    public void Router_AnyRule_HoldsOnOneCondition()
    {
        var router = new ModelRouterConfig
        {
            DefaultRoute = "d",
            Rules = [new ModelRouterRule { Name = "either", Match = MatchMode.Any, Conditions = [Images, LongPrompt], Route = "r" }],
        };

        Assert.Equal("r", UpgradeEvaluator.Evaluate("auto", new RequestFeatures { PromptChars = 60_000 }, [], [], router)!.Route);
        Assert.Equal("d", UpgradeEvaluator.Evaluate("auto", new RequestFeatures { PromptChars = 6 }, [], [], router)!.Route);
    }

    [Fact]
    public void Router_InvalidRule_NeverHolds()
    {
        var router = new ModelRouterConfig
        {
            DefaultRoute = "d",
            Rules = [new ModelRouterRule { Name = "broken", Priority = 9, Conditions = [Cond.Of(RequestFeature.ToolCount, ConditionOperator.Contains, "1")], Route = "r" }],
        };

        Assert.Equal("d", UpgradeEvaluator.Evaluate("auto", new RequestFeatures { ToolCount = 1 }, [], [], router)!.Route);
        Assert.Single(UpgradeEvaluator.Validate([], [], router));
    }

    private static UpgradeOutcome Evaluate(RequestFeatures features) => UpgradeEvaluator.Evaluate(Table, "auto", features)!;
}
