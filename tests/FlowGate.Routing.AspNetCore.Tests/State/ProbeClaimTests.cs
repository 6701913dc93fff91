using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.AspNetCore.Tests.State;

/// <summary>
/// A half-open target takes one probe at a time: of two requests that both planned its probe (both read the state
/// before either started it), only the first to claim it gets it; the other plans again. Once the probe's lease runs
/// out without an answer, the next request may probe.
/// </summary>
public sealed class ProbeClaimTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FailurePolicy Policy = FailurePolicy.Default;

    [Fact]
    public void TwoRequestsProbingOneHalfOpenTarget_OnlyTheFirstOwnsTheProbe()
    {
        var state = HalfOpenTarget();
        var probe = new TargetEffect(TargetEffectKind.StartProbe, 0, Now);

        Assert.True(state.TryStartProbe(probe, Policy));
        Assert.False(state.TryStartProbe(probe with { At = Now + TimeSpan.FromSeconds(1) }, Policy));
        Assert.Equal(Now + Policy.ProbeLease, state.Condition.ProbeUntil);
    }

    [Fact]
    public void AfterTheProbesLease_TheNextRequestMayProbe()
    {
        var state = HalfOpenTarget();
        Assert.True(state.TryStartProbe(new TargetEffect(TargetEffectKind.StartProbe, 0, Now), Policy));

        var later = Now + Policy.ProbeLease + TimeSpan.FromSeconds(1);
        Assert.True(state.TryStartProbe(new TargetEffect(TargetEffectKind.StartProbe, 0, later), Policy));
    }

    [Fact]
    public void ConcurrentClaims_ExactlyOneWins()
    {
        var state = HalfOpenTarget();
        var wins = 0;
        Parallel.For(0, 64, _ =>
        {
            if (state.TryStartProbe(new TargetEffect(TargetEffectKind.StartProbe, 0, Now), Policy))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    [Fact]
    public void TheCore_StartingAProbeWhileOneIsOut_DoesNotExtendIt()
    {
        var probing = TargetConditions.Apply(HalfOpenTarget().Condition, new TargetEffect(TargetEffectKind.StartProbe, 0, Now), Policy).Next;

        var again = TargetConditions.Apply(probing, new TargetEffect(TargetEffectKind.StartProbe, 0, Now + TimeSpan.FromSeconds(10)), Policy).Next;

        Assert.Equal(Now + Policy.ProbeLease, again.ProbeUntil);
    }

    /// <summary>A target ejected once for a retry hint, its ejection over at <see cref="Now"/>.</summary>
    private static TargetState HalfOpenTarget()
    {
        var state = new TargetState(TimeProvider.System);
        state.Apply(new TargetEffect(TargetEffectKind.Eject, 0, Now - TimeSpan.FromSeconds(30)) { Cause = FailureClass.RateLimit, Duration = TimeSpan.FromSeconds(10) }, Policy);
        Assert.True(state.Condition.IsHalfOpen(Now));
        Assert.False(state.Condition.IsProbing(Now));
        return state;
    }
}
