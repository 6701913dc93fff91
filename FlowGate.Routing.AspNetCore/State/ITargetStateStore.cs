using FlowGate.Routing.Health;
using FlowGate.Routing.Selection;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// Where target state lives: the attempt loop reads a snapshot and the adapter applies the loop's effects, one target at
/// a time. In process by default; a shared store (several gateway replicas) plugs in here without touching the loop.
/// </summary>
internal interface ITargetStateStore
{
    /// <summary>Gets the state of a table's targets by ordinal, as the core reads it.</summary>
    /// <param name="table">The route table in force.</param>
    /// <returns>The view.</returns>
    ITargetHealthView View(RouteTable table);

    /// <summary>Applies one effect to its target (sticky effects are not target state and are ignored here).</summary>
    /// <param name="table">The table the effect's ordinal belongs to.</param>
    /// <param name="effect">The effect.</param>
    /// <returns><see langword="true"/> when the effect started an ejection.</returns>
    bool Apply(RouteTable table, TargetEffect effect);

    /// <summary>
    /// Claims a half-open target's probe for one request (a <see cref="TargetEffectKind.StartProbe"/> effect): atomic, so
    /// of two requests that both planned the probe only one gets it.
    /// </summary>
    /// <param name="table">The table the effect's ordinal belongs to.</param>
    /// <param name="effect">The probe effect.</param>
    /// <returns><see langword="true"/> when this call started the probe; <see langword="false"/> when another one is out.</returns>
    bool TryStartProbe(RouteTable table, TargetEffect effect);
}
