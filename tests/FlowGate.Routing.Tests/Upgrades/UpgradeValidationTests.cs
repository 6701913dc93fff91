using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Tests.Upgrades;

public sealed class UpgradeValidationTests
{
    [Fact]
    public void Validate_ReportsEachProblemWithItsPath()
    {
        var errors = UpgradeEvaluator.Validate(
            [
                new UpgradeRule { Name = "g3f.auto", Base = "g3f", To = "", Conditions = [Cond.Of(RequestFeature.ToolCount, ConditionOperator.Contains, "x")] },
                new UpgradeRule { Name = "G3F.AUTO", Base = "g3f", To = "opus", Conditions = [] },
            ],
            [
                new LadderConfig { Name = "empty", Steps = [] },
                new LadderConfig { Name = "l", Steps = [new LadderStep { Route = "a", MaxOutputTokens = 0, Conditions = [Cond.Of(RequestFeature.Effort, ConditionOperator.LessThan, "high")] }] },
            ],
            new ModelRouterConfig
            {
                ActivationModels = ["auto", "l"],
                DefaultRoute = " ",
                Rules = [new ModelRouterRule { Name = "r", Conditions = [Cond.Of(RequestFeature.LastUserText, ConditionOperator.Regex, "(")], Route = "x" }],
            });

        Assert.Equal(
            [
                "upgrade_rules[0].to: the route is empty",
                "upgrade_rules[0].conditions[0]: 'contains' needs a text feature; tools_count is a number",
                "upgrade_rules[1]: the name 'G3F.AUTO' is already used by upgrade_rules[0]",
                "ladders[0]: a ladder needs at least one step",
                "ladders[1].steps[0].max_output_tokens: must be positive",
                "ladders[1].steps[0].conditions[0]: '<' needs a number; effort is text",
                "model_router.activation_models[1]: the name 'l' is already used by ladders[1]",
                "model_router.default_model: the route is empty",
            ],
            errors.Take(8));
        Assert.StartsWith("model_router.rules[0].when[0]: the pattern is not a valid regular expression", errors[8], StringComparison.Ordinal);
        Assert.Equal(9, errors.Count);
    }

    [Fact]
    public void Validate_AcceptsAGoodConfiguration()
    {
        var errors = UpgradeEvaluator.Validate(
            [SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus4.6"), SeedAutoUpgrade.FromSeed("g3p.auto", "g3p", "opus4.6")],
            [new LadderConfig { Name = "coder", Steps = [new LadderStep { Route = "flash" }, new LadderStep { Route = "opus", Conditions = [Cond.AtLeast(RequestFeature.InputTokens, 100_000)] }] }],
            new ModelRouterConfig { DefaultRoute = "sonnet" });

        Assert.Empty(errors);
    }
}
