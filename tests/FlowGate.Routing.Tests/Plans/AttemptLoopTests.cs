using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;
using FlowGate.Routing.Plans;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Plans;

/// <summary>The attempt loop over random failure sequences, clocks and target states.</summary>
public sealed class AttemptLoopTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly RoutingConfig Config = WithRoutes(
        Route("pair", Target("u1", "p1"), Target("u2", "p2")) with { Fallbacks = ["lone", "trio"] },
        Route("lone", Target("u3", "l1")) with { Fallbacks = ["trio"] },
        Route("trio", Target("u1", "t1"), Target("u2", "t2"), Target("u3", "t3")),
        Route("first", Target("u1", "f1"), Target("u2", "f2")) with { Policy = SelectionPolicy.First }) with { Retry = new RetryPolicy { MaxAttempts = 4 } };

    private static readonly RouteTable Table = RouteTable.Create(Config);

    private static readonly string[] Routes = ["pair", "lone", "trio", "first"];

    private static readonly Gen<FailureClassification> AnyFailure =
        from status in Gen.Elements(500, 502, 504, 408, 429, 503, 529, 401, 403, 400, 404)
        from retryAfter in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Choose(0, 999_999).Select(s => (string?)s.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        select FailureClassifier.Classify(UpstreamFailure.FromStatus(status, retryAfter: retryAfter), Start, FailurePolicy.Default);

    private static readonly Gen<FailureClassification?> AnyOutcome =
        Gen.Frequency((1, Gen.Constant<FailureClassification?>(null)), (4, AnyFailure.Select(f => (FailureClassification?)f)));

    // A history: (target ordinal, outcome, seconds since the previous event).
    private static readonly Gen<(int Ordinal, FailureClassification? Outcome, int Seconds)[]> History =
        Gen.ArrayOf(
            from ordinal in Gen.Choose(0, Table.TargetCount - 1)
            from outcome in AnyOutcome
            from seconds in Gen.Frequency((3, Gen.Choose(0, 5)), (1, Gen.Choose(0, 4000)))
            select (ordinal, outcome, seconds));

    [Property(MaxTest = 1_000)]
    public Property Property_RefusedWithoutAnAttempt_OnlyWhenExplicitSignalsKeepEveryTargetOut()
    {
        var cases = from history in History from route in Gen.Elements(Routes) from draw in Gen.Choose(0, 999) select (history, route, draw / 1000.0);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var (targets, now) = Replay(c.history);
            var step = AttemptLoop.First(Table, EntryOf(c.route), null, new AttemptContext(targets, now, c.Item3, 0.5));

            if (!step.HasAttempt)
            {
                Assert.NotNull(step.RefusedFor);
                Assert.True(step.RetryAt > now);
                foreach (var target in ChainTargets(c.route))
                {
                    var condition = targets.Condition(target.Ordinal);
                    Assert.True(condition.IsEjected(now) && condition.ExplicitCause is not null, $"{target.Id} was not kept out by an explicit signal");
                }
            }
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_ATargetThatFailedOnceAndRecovered_ServesTheNextRequest()
    {
        var cases = from history in History from allowed in Gen.Choose(1, 5) from seconds in Gen.Choose(0, 120) select (history, allowed, seconds);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var policy = FailurePolicy.Default with { AllowedFails = c.allowed };
            var table = RouteTable.Create(Config with { Failures = policy });
            var targets = new SimulatedTargets(table.TargetCount, policy);
            var route = EntryOf(table, "first");
            var favourite = route.Targets[0];

            // One transient failure of the first-choice target, whatever came before on other targets.
            targets.Apply(AttemptLoop.EffectsOf(table, AttemptPlanner.Start(route, 4), new AttemptReport(favourite, Transient()), Start));
            var step = AttemptLoop.First(table, route, null, new AttemptContext(targets, Start.AddSeconds(c.seconds), 0.5, 0.5));

            Assert.Equal(favourite, step.Target);
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_ALoneTarget_IsNeverEjectedForTransientFailures()
    {
        var cases = Gen.ArrayOf(Gen.Choose(0, 90));

        return Prop.ForAll(Arb.From(cases), gaps =>
        {
            var targets = new SimulatedTargets(Table.TargetCount, Config.Failures);
            var route = EntryOf("lone");
            var now = Start;
            foreach (var gap in gaps)
            {
                now = now.AddSeconds(gap);
                targets.Apply(AttemptLoop.EffectsOf(Table, AttemptPlanner.Start(route, 4), new AttemptReport(route.Targets[0], Transient()), now));
                var step = AttemptLoop.First(Table, route, null, new AttemptContext(targets, now, 0.5, 0.5));
                Assert.Equal(route.Targets[0], step.Target);
                Assert.False(step.IsPanic);
            }

            Assert.Empty(targets.Ejections);
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_TransientEjections_DoubleUpToTheCap_AndASuccessResetsThem()
    {
        var events = Gen.ArrayOf(from success in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false))) from seconds in Gen.Choose(0, 700) select (success, seconds));
        var cases = from e in events from allowed in Gen.Choose(0, 3) select (e, allowed);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var policy = FailurePolicy.Default with { AllowedFails = c.allowed };
            var targets = new SimulatedTargets(Table.TargetCount, policy);
            var route = EntryOf("pair");
            var target = route.Targets[0];
            var now = Start;
            var expectedEjections = 0;
            foreach (var (success, seconds) in c.e)
            {
                now = now.AddSeconds(seconds);
                var before = targets.Ejections.Count;
                var wasEjected = targets.Condition(target.Ordinal).IsEjected(now);
                targets.Apply(AttemptLoop.EffectsOf(Table, AttemptPlanner.Start(route, 4), new AttemptReport(target, success ? null : Transient()), now));
                if (success)
                {
                    expectedEjections = 0;
                    Assert.Equal(TargetCondition.Healthy, targets.Condition(target.Ordinal));
                }
                else if (targets.Ejections.Count > before)
                {
                    Assert.False(wasEjected);
                    expectedEjections++;
                    var length = targets.Ejections[^1].Length;
                    // In ticks as a double: after enough ejections in a row the doubled time is past what a TimeSpan holds.
                    var doubled = policy.TransientCooldown.Ticks * Math.Pow(2, expectedEjections - 1);
                    Assert.Equal(doubled < policy.MaxTransientCooldown.Ticks ? TimeSpan.FromTicks((long)Math.Round(doubled)) : policy.MaxTransientCooldown, length);
                }
            }
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_Attempts_NeverExceedMaxAttempts_AndTheLoopNeverReturnsToARoute()
    {
        var cases =
            from history in History
            from route in Gen.Elements(Routes)
            from outcomes in Gen.ArrayOf(AnyOutcome, 8)
            from draws in Gen.ArrayOf(Gen.Choose(0, 999), 8)
            from max in Gen.Choose(1, 6)
            select (history, route, outcomes, draws, max);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var table = RouteTable.Create(Config with { Retry = new RetryPolicy { MaxAttempts = c.max } });
            var (targets, now) = Replay(c.history, table);
            var step = AttemptLoop.First(table, EntryOf(table, c.route), null, new AttemptContext(targets, now, 0.5, 0.5));
            var visited = new List<string>();
            string? previous = null;
            var attempts = 0;
            for (var i = 0; step.HasAttempt; i++)
            {
                Assert.True(++attempts <= c.max);
                Assert.Equal(step.Plan.VisitedRoutes.Count, step.Plan.VisitedRoutes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
                Assert.Contains(step.Route!.Name, step.Plan.VisitedRoutes);

                // Panic may go back to an ejected target of a route passed over, and the walk may go on in the route
                // panic brought it to; the walk itself never moves back to a route it left.
                if (!step.IsPanic && step.Route!.Name != previous)
                {
                    Assert.DoesNotContain(step.Route!.Name, visited);
                    visited.Add(step.Route!.Name);
                }

                previous = step.Route!.Name;

                targets.Apply(step.Effects);
                now += step.Delay;
                var outcome = c.outcomes[i % c.outcomes.Length] is { } f ? FailureClassifier.Classify(UpstreamFailure.FromStatus(StatusOf(f)), now, table.Config.Failures) : null;
                step = AttemptLoop.Next(table, step.Plan, new AttemptReport(step.Target!, outcome), new AttemptContext(targets, now, c.draws[i % c.draws.Length] / 1000.0, 0.5));
                Assert.True(step.Delay >= TimeSpan.Zero);
            }

            Assert.Equal(attempts, step.Plan.AttemptsMade);
        });
    }

    [Fact]
    public void Panic_GoesToTheTargetWhoseTransientEjectionEndsFirst()
    {
        var targets = new SimulatedTargets(Table.TargetCount, Config.Failures with { AllowedFails = 0 });
        var route = EntryOf("pair");
        var plan = AttemptPlanner.Start(route, 4);
        targets.Apply(AttemptLoop.EffectsOf(Table, plan, new AttemptReport(route.Targets[1], Transient()), Start));
        targets.Apply(AttemptLoop.EffectsOf(Table, plan, new AttemptReport(route.Targets[0], Transient()), Start.AddSeconds(2)));
        foreach (var other in ChainTargets("pair").Skip(2))
        {
            targets.Apply([new TargetEffect(TargetEffectKind.Eject, other.Ordinal, Start) { Duration = TimeSpan.FromMinutes(5), Cause = FailureClass.Auth }]);
        }

        var step = AttemptLoop.First(Table, route, null, new AttemptContext(targets, Start.AddSeconds(3), 0.5, 0.5));

        Assert.True(step.IsPanic);
        Assert.Equal(route.Targets[1], step.Target);
    }

    [Fact]
    public void ExplicitSignals_RefuseWithTheSoonestReturn_AndRetryAfterIsCappedByMaxCooldown()
    {
        var targets = new SimulatedTargets(Table.TargetCount, Config.Failures);
        var route = EntryOf("lone");
        var rateLimited = FailureClassifier.Classify(UpstreamFailure.FromStatus(429, retryAfter: "999999"), Start, Config.Failures);
        var after = AttemptLoop.Next(Table, AttemptPlanner.Start(route, 4) with { AttemptsMade = 1, TriedTargets = [route.Targets[0].Ordinal] }, new AttemptReport(route.Targets[0], rateLimited), new AttemptContext(targets, Start, 0.5, 0.5));
        targets.Apply(after.Effects);
        foreach (var other in ChainTargets("lone").Skip(1))
        {
            targets.Apply([new TargetEffect(TargetEffectKind.Eject, other.Ordinal, Start) { Duration = TimeSpan.FromHours(2), Cause = FailureClass.Auth }]);
        }

        var step = AttemptLoop.First(Table, route, null, new AttemptContext(targets, Start.AddSeconds(1), 0.5, 0.5));

        Assert.False(step.HasAttempt);
        Assert.Equal(FailureClass.RateLimit, step.RefusedFor);
        Assert.Equal(Start + Config.Failures.MaxRetryAfter, step.RetryAt);
    }

    [Fact]
    public void ARetryOfTheSameTarget_WaitsAtLeastItsRetryAfter()
    {
        var targets = new SimulatedTargets(Table.TargetCount, Config.Failures);
        var table = RouteTable.Create(WithRoutes(Route("solo", Target("u1", "s1"))));
        var route = EntryOf(table, "solo");
        var first = AttemptLoop.First(table, route, null, new AttemptContext(targets, Start, 0.5, 0));
        var failure = FailureClassifier.Classify(UpstreamFailure.FromStatus(503, retryAfter: "3"), Start, Config.Failures);

        var retry = AttemptLoop.Next(table, first.Plan, new AttemptReport(route.Targets[0], failure), new AttemptContext(targets, Start, 0.5, 0));

        Assert.Equal(route.Targets[0], retry.Target);
        Assert.Equal(TimeSpan.FromSeconds(3), retry.Delay);
    }

    [Fact]
    public void AfterAnEjectionEnds_OneRequestProbes_AndItsFailureDoublesTheEjection()
    {
        var policy = Config.Failures with { AllowedFails = 0 };
        var targets = new SimulatedTargets(Table.TargetCount, policy);
        var route = EntryOf("first");
        var plan = AttemptPlanner.Start(route, 4);
        targets.Apply(AttemptLoop.EffectsOf(Table, plan, new AttemptReport(route.Targets[0], Transient()), Start));
        var later = Start + policy.TransientCooldown;

        var probe = AttemptLoop.First(Table, route, null, new AttemptContext(targets, later, 0.5, 0.5));
        targets.Apply(probe.Effects);
        var meanwhile = AttemptLoop.First(Table, route, null, new AttemptContext(targets, later, 0.5, 0.5));
        targets.Apply(AttemptLoop.EffectsOf(Table, probe.Plan, new AttemptReport(route.Targets[0], Transient()), later));

        Assert.Equal(route.Targets[0], probe.Target);
        Assert.Contains(probe.Effects, e => e.Kind == TargetEffectKind.StartProbe);
        Assert.Equal(route.Targets[1], meanwhile.Target);
        Assert.Equal([policy.TransientCooldown, policy.TransientCooldown * 2], targets.Ejections.Select(e => e.Length));
    }

    private static (SimulatedTargets Targets, DateTimeOffset Now) Replay((int Ordinal, FailureClassification? Outcome, int Seconds)[] history, RouteTable? table = null)
    {
        table ??= Table;
        var targets = new SimulatedTargets(table.TargetCount, table.Config.Failures);
        var now = Start;
        foreach (var (ordinal, outcome, seconds) in history)
        {
            now = now.AddSeconds(seconds);
            var route = table.Routes.First(r => r.Targets.Any(t => t.Ordinal == ordinal));
            var target = route.Targets.First(t => t.Ordinal == ordinal);
            var failure = outcome is null ? null : FailureClassifier.Classify(UpstreamFailure.FromStatus(StatusOf(outcome), retryAfter: outcome.RetryAfter is { } r ? ((int)r.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null), now, table.Config.Failures);
            targets.Apply(AttemptLoop.EffectsOf(table, AttemptPlanner.Start(route, 4), new AttemptReport(target, failure), now));
        }

        return (targets, now.AddSeconds(1));
    }

    // A status that classifies the same way again, at another time.
    private static int StatusOf(FailureClassification failure) => failure.Class switch
    {
        FailureClass.Auth => 401,
        FailureClass.RateLimit => 429,
        FailureClass.Client => 404,
        _ => 500,
    };

    private static IEnumerable<RouteTarget> ChainTargets(string route)
    {
        var names = new List<string> { route };
        names.AddRange(FallbackChain.Expand(route, FallbackKind.General, n => Config.Routes.FirstOrDefault(r => string.Equals(r.Name, n, StringComparison.OrdinalIgnoreCase)), Config.Retry.DefaultFallbacks, 100));
        return names.SelectMany(n => EntryOf(n).Targets);
    }

    private static FailureClassification Transient() => FailureClassifier.Classify(UpstreamFailure.FromStatus(500), Start, FailurePolicy.Default);

    private static RouteEntry EntryOf(string name) => EntryOf(Table, name);

    private static RouteEntry EntryOf(RouteTable table, string name) => table.TryGetRoute(name, out var route) ? route : throw new KeyNotFoundException(name);
}
