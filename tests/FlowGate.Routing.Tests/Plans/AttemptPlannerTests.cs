using FlowGate.Routing.Failures;
using FlowGate.Routing.Plans;
using FlowGate.Routing.Selection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Plans;

public sealed class AttemptPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly RouteTable Table = RouteTable.Create(WithRoutes(
        Route("a", Target("u1", "a1"), Target("u2", "a2")) with { Fallbacks = ["b", "c"], ContextWindowFallbacks = ["big"] },
        Route("b", Target("u1", "b1")) with { Fallbacks = ["d"] },
        Route("c", Target("u2", "c1")) with { Fallbacks = ["d", "b"] },
        Route("d", Target("u3", "d1")),
        Route("big", Target("u3", "big1"))) with { Retry = new RetryPolicy { MaxAttempts = 10 } });

    [Fact]
    public void Next_TriesRouteTargetsThenFallbacksBreadthFirst()
    {
        var visited = Walk(Start("a"), _ => Transient()).Select(s => $"{s.Route!.Name}:{s.Target!.Id.Model}").ToList();

        Assert.Equal(["a", "a", "b", "c", "d"], visited.Select(v => v.Split(':')[0]));
        Assert.Equal(5, visited.Distinct().Count());
    }

    [Fact]
    public void Next_StopsAtMaxAttempts()
    {
        var plan = AttemptPlanner.Start(EntryOf(Table, "a"), maxAttempts: 3);

        Assert.Equal(3, Walk(plan, _ => Transient()).Count);
    }

    [Fact]
    public void AfterFailure_ClientError_StopsThePlan()
    {
        Assert.Single(Walk(Start("a"), _ => Classified(FailureClass.Client)));
    }

    [Fact]
    public void AfterFailure_ContextLength_JumpsToContextWindowChain()
    {
        var steps = Walk(Start("a"), _ => Classified(FailureClass.ContextLength));

        Assert.Equal(["a", "big"], steps.Select(s => s.Route!.Name));
    }

    [Fact]
    public void AfterFailure_Signature_RetriesSameTargetOnceWithThinkingStripped()
    {
        var steps = Walk(Start("a"), _ => Classified(FailureClass.Signature));

        Assert.Equal(steps[0].Target, steps[1].Target);
        Assert.False(steps[0].Plan.StripThinking);
        Assert.True(steps[1].Plan.StripThinking);
        Assert.NotEqual(steps[1].Target, steps[2].Target);
    }

    [Fact]
    public void Next_EverythingCooling_ExhaustedWithSoonestRetryAt()
    {
        var health = new CoolingHealth(Table.TargetCount, Now.AddSeconds(30));

        var step = AttemptPlanner.Next(Table, Start("d"), health, Now, 0.5);

        Assert.False(step.HasAttempt);
        Assert.Equal(Now.AddSeconds(30), step.RetryAt);
    }

    [Property(MaxTest = 1_000)]
    public Property Plans_OnAnyFailureSequence_TerminateAndNeverRepeatRouteOrTarget()
    {
        var cases =
            from start in Gen.Elements("a", "b", "c", "d", "big")
            from maxAttempts in Gen.Choose(1, 8)
            from classes in Gen.ArrayOf(Gen.Elements(Enum.GetValues<FailureClass>()), 12)
            from draw in Gen.Choose(0, 999).Select(d => d / 1000.0)
            select (start, maxAttempts, classes, draw);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var plan = AttemptPlanner.Start(EntryOf(Table, c.start), c.maxAttempts);
            var steps = Walk(plan, i => Classified(c.classes[i % c.classes.Length]), c.draw);

            Assert.True(steps.Count <= c.maxAttempts);
            var last = steps.Count > 0 ? steps[^1].Plan : plan;
            Assert.Equal(last.VisitedRoutes.Count, last.VisitedRoutes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            // A target is attempted twice only as the one signature retry, right after its failure.
            var repeats = steps.Select(s => s.Target!.Ordinal).GroupBy(o => o).Where(g => g.Count() > 1).ToList();
            Assert.True(repeats.Count <= 1 && repeats.All(g => g.Count() == 2), string.Join(",", steps.Select(s => s.Target!.Id)));
        });
    }

    private static AttemptPlan Start(string route) => AttemptPlanner.Start(EntryOf(Table, route), Table.Config.Retry.MaxAttempts);

    private static RouteEntry EntryOf(RouteTable table, string name) => table.TryGetRoute(name, out var route) ? route : throw new KeyNotFoundException(name);

    private static List<AttemptStep> Walk(AttemptPlan plan, Func<int, FailureClassification> failure, double draw = 0.5)
    {
        var steps = new List<AttemptStep>();
        for (var guard = 0; guard < 100; guard++)
        {
            var step = AttemptPlanner.Next(Table, plan, TargetHealth.AllHealthy, Now, draw);
            if (!step.HasAttempt)
            {
                return steps;
            }

            steps.Add(step);
            plan = AttemptPlanner.AfterFailure(Table, step.Plan, step.Target!, failure(steps.Count - 1));
        }

        throw new InvalidOperationException("The plan did not terminate.");
    }

    private static FailureClassification Transient() => Classified(FailureClass.Transient);

    private static FailureClassification Classified(FailureClass failureClass) =>
        new() { Class = failureClass, Reason = failureClass.ToString() };

    private sealed class CoolingHealth(int count, DateTimeOffset until) : ITargetHealthView
    {
        public DateTimeOffset CooldownUntil(int ordinal) => ordinal < count ? until : DateTimeOffset.MinValue;

        public int InFlight(int ordinal) => 0;
    }
}
