using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Health;
using FlowGate.Routing.Selection;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// The attempt loop's target state with Redis behind it: reads and changes are the in-process state's, and a change of a
/// target's condition (an ejection, a counted failure, a probe, a recovery) is then passed to the other replicas. Of
/// the replicas that learn of an ejection, one owns the probe when it ends (claimed ahead in Redis).
/// </summary>
internal sealed class RedisTargetStateStore(GatewayState local, RedisSharedState shared) : ITargetStateStore
{
    public ITargetHealthView View(RouteTable table) => local.View(table);

    public bool Apply(RouteTable table, TargetEffect effect)
    {
        if (effect.Kind == TargetEffectKind.UnbindSticky)
        {
            return false;
        }

        var target = local.ViewOf(table)[effect.Ordinal];
        var before = target.Condition;
        var ejected = local.Apply(table, effect);
        var after = target.Condition;
        if (!before.Equals(after))
        {
            shared.ConditionChanged(table.GetTargetId(effect.Ordinal), after);
        }

        return ejected;
    }

    public bool TryStartProbe(RouteTable table, TargetEffect effect)
    {
        var id = table.GetTargetId(effect.Ordinal);
        var target = local.ViewOf(table)[effect.Ordinal];
        if (shared.ProbeBelongsElsewhere(id, target.Condition.EjectedUntil))
        {
            // Counted here as if the owner's probe were out: no request of this replica probes during its lease.
            target.Apply(effect, table.Config.Failures);
            return false;
        }

        if (!local.TryStartProbe(table, effect))
        {
            return false;
        }

        shared.ConditionChanged(id, target.Condition);
        return true;
    }
}
