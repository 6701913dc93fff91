using System.Globalization;
using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Upgrades;

public sealed class LadderProperties
{
    /// <summary>Conditions that can only become true as input tokens grow (tools stay fixed per case).</summary>
    private static Gen<FeatureCondition> Condition => Gen.OneOf(
        from tokens in Gen.Choose(0, 200_000)
        from op in Gen.Elements(ConditionOperator.GreaterThanOrEqual, ConditionOperator.GreaterThan)
        select Cond.Of(RequestFeature.InputTokens, op, tokens.ToString(CultureInfo.InvariantCulture)),
        from tools in Gen.Choose(0, 20)
        select Cond.AtLeast(RequestFeature.ToolCount, tools));

    private static Gen<int?> Cap => Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1_000, 100_000).Select(cap => (int?)cap));

    private static Gen<LadderConfig> Ladder =>
        from count in Gen.Choose(1, 5)
        from steps in Gen.CollectToArray(Enumerable.Range(0, count).Select(Step))
        select new LadderConfig { Name = "ladder", Steps = [.. steps] };

    private static Gen<(LadderConfig Ladder, RequestFeatures Features, int Fewer, int More)> Cases =>
        from ladder in Ladder
        from tools in Gen.Choose(0, 20)
        from output in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 150_000).Select(o => (int?)o))
        from a in Gen.Choose(0, 250_000)
        from b in Gen.Choose(0, 250_000)
        select (ladder, new RequestFeatures { ToolCount = tools, RequestedOutputTokens = output }, Math.Min(a, b), Math.Max(a, b));

    [Property(MaxTest = 1_000)]
    public Property Ladder_AlwaysPicksOneOfItsSteps_AndMoreTokensNeverPickASmallerStep() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var table = UpgradeTable.Create([], [c.Ladder], null);
            var fewer = UpgradeEvaluator.Evaluate(table, "ladder", c.Features with { EstimatedInputTokens = c.Fewer })!;
            var more = UpgradeEvaluator.Evaluate(table, "ladder", c.Features with { EstimatedInputTokens = c.More })!;

            foreach (var outcome in new[] { fewer, more })
            {
                Assert.Equal(UpgradeKind.Ladder, outcome.Kind);
                Assert.InRange(outcome.Step!.Value, 0, c.Ladder.Steps.Count - 1);
                Assert.Equal(c.Ladder.Steps[outcome.Step.Value].Route, outcome.Route);
                Assert.InRange(outcome.ConditionStep!.Value, 0, outcome.Step.Value);
            }

            Assert.True(fewer.Step <= more.Step, $"{c.Fewer} tokens took step {fewer.Step}, {c.More} tokens took step {more.Step}");
        });

    [Property(MaxTest = 1_000)]
    public Property Ladder_ServedStep_FitsTheRequestedOutputUnlessItIsTheTop() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var outcome = UpgradeEvaluator.Evaluate("ladder", c.Features with { EstimatedInputTokens = c.Fewer }, [], [c.Ladder], null)!;
            var step = c.Ladder.Steps[outcome.Step!.Value];

            Assert.True(
                outcome.Step == c.Ladder.Steps.Count - 1 || c.Features.RequestedOutputTokens is null || step.MaxOutputTokens is null
                    || c.Features.RequestedOutputTokens <= step.MaxOutputTokens,
                $"step {outcome.Step} caps output at {step.MaxOutputTokens} but {c.Features.RequestedOutputTokens} was asked");
        });

    private static Gen<LadderStep> Step(int index) =>
        from count in Gen.Choose(0, 2)
        from conditions in Gen.ArrayOf(Condition, count)
        from match in Gen.Elements(MatchMode.Any, MatchMode.All)
        from cap in Cap
        select new LadderStep { Route = $"step{index}", Conditions = [.. conditions], Match = match, MaxOutputTokens = cap };
}
