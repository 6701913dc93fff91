using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.AspNetCore.Tests.State;

/// <summary>A success clears a target's failures; on a target that has none it changes nothing.</summary>
public sealed class TargetStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FailurePolicy Policy = FailurePolicy.Default;

    [Fact]
    public void Recover_OnAHealthyTarget_LeavesItHealthy()
    {
        var state = new TargetState(TimeProvider.System);

        Assert.False(state.Apply(new TargetEffect(TargetEffectKind.Recover, 0, Now), Policy));
        Assert.Same(TargetCondition.Healthy, state.Condition);
    }

    [Fact]
    public void Recover_AfterACountedFailure_ClearsIt()
    {
        var state = new TargetState(TimeProvider.System);
        state.Apply(new TargetEffect(TargetEffectKind.CountFailure, 0, Now) { Cause = FailureClass.Transient, MayEject = true }, Policy);
        Assert.NotEqual(TargetCondition.Healthy, state.Condition);

        state.Apply(new TargetEffect(TargetEffectKind.Recover, 0, Now + TimeSpan.FromSeconds(1)), Policy);

        Assert.Same(TargetCondition.Healthy, state.Condition);
    }
}
