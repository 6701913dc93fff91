using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FlowGate.Routing.Health;
using FlowGate.Routing.Selection;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The host's side of routing: per-target conditions and in-flight counts (the in-process
/// <see cref="ITargetStateStore"/>), round-robin counters, sticky sessions and failure streaks. Bounded: targets are
/// those of the current config, sessions are capped. Targets are keyed by identity so a reload keeps their state.
/// No lock spans more than one target (or, for round-robin counters, one route).
/// </summary>
internal sealed class GatewayState : ITargetStateStore
{
    private readonly ConcurrentDictionary<TargetId, TargetState> _targets = new();
    private readonly ConditionalWeakTable<RouteTable, TableView> _views = [];

    public GatewayState(TimeProvider time)
    {
        Time = time;
        Sticky = new StickyStore();
        Streaks = new FailureStreaks();
    }

    public TimeProvider Time { get; }

    public StickyStore Sticky { get; }

    public FailureStreaks Streaks { get; }

    /// <summary>Prepares the state for a newly loaded table, dropping targets it no longer has.</summary>
    public void Adopt(RouteTable table)
    {
        // Built now, so the first request on the new table does not pay for it.
        _ = ViewOf(table);
        var live = Enumerable.Range(0, table.TargetCount).Select(table.GetTargetId).ToHashSet();
        foreach (var id in _targets.Keys.Where(id => !live.Contains(id)))
        {
            _targets.TryRemove(id, out _);
        }

        Sticky.Configure(table.Config.Sticky);
    }

    public TableView ViewOf(RouteTable table) => _views.GetValue(table, t => new TableView(t, _targets));

    public ITargetHealthView View(RouteTable table) => ViewOf(table);

    public bool Apply(RouteTable table, TargetEffect effect) =>
        effect.Kind != TargetEffectKind.UnbindSticky && ViewOf(table)[effect.Ordinal].Apply(effect, table.Config.Failures);

    public bool TryStartProbe(RouteTable table, TargetEffect effect) => ViewOf(table)[effect.Ordinal].TryStartProbe(effect, table.Config.Failures);

    /// <summary>The state of one table's targets by ordinal, as the core reads it.</summary>
    internal sealed class TableView : ITargetHealthView, IRoundRobinState
    {
        private readonly TargetState[] _byOrdinal;
        private readonly Dictionary<string, long[]> _counters;

        public TableView(RouteTable table, ConcurrentDictionary<TargetId, TargetState> targets)
        {
            _byOrdinal = [.. Enumerable.Range(0, table.TargetCount).Select(i => targets.GetOrAdd(table.GetTargetId(i), _ => new TargetState()))];
            _counters = table.Routes.ToDictionary(r => r.Name, r => new long[r.Targets.Count], StringComparer.OrdinalIgnoreCase);
        }

        public TargetState this[int ordinal] => _byOrdinal[ordinal];

        public DateTimeOffset CooldownUntil(int ordinal) => _byOrdinal[ordinal].CooldownUntil;

        public int InFlight(int ordinal) => _byOrdinal[ordinal].InFlight;

        public TargetCondition Condition(int ordinal) => _byOrdinal[ordinal].Condition;

        // The core serialises each pick on the route's own lock; counters of different routes never contend.
        public Span<long> CountersOf(RouteEntry route) => _counters.TryGetValue(route.Name, out var c) ? c : [];
    }
}
