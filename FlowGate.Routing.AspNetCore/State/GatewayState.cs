using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FlowGate.Routing.Health;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The host's side of routing: per-target conditions and in-flight counts (the in-process
/// <see cref="ITargetStateStore"/>), round-robin counters, sticky sessions, failure streaks and the gateway keys' daily token counts. Bounded: targets are
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

    /// <summary>Gets or sets the named gateway keys' token counts of the budget day (a shared store counts across replicas).</summary>
    public IKeyBudgetCounter KeyBudgets { get; set; } = new KeyBudgetCounter();

    public TimeProvider Time { get; }

    public StickyStore Sticky { get; }

    public FailureStreaks Streaks { get; }

    /// <summary>
    /// Gets or sets how a target's budget counter is made (a shared store counts across replicas); set before the first
    /// table is adopted. The in-process <see cref="BudgetCounter"/> by default.
    /// </summary>
    public Func<TargetId, IBudgetCounter>? BudgetCounters { get; set; }

    /// <summary>Gets or sets where changes to session state are passed on to other replicas; none by default.</summary>
    public IStateReplication? Replication
    {
        get => Sticky.Replication;
        set
        {
            Sticky.Replication = value;
            Streaks.Replication = value;
        }
    }

    /// <summary>Gets the targets that have state, with it.</summary>
    public IEnumerable<KeyValuePair<TargetId, TargetState>> Targets => _targets;

    /// <summary>Gets a target's state when the current config has it.</summary>
    public bool TryGetTarget(TargetId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TargetState? state) => _targets.TryGetValue(id, out state);

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

    public TableView ViewOf(RouteTable table) => _views.GetValue(table, t => new TableView(t, _targets, NewTarget, Time));

    /// <summary>Counts the tokens an answer of <paramref name="target"/> reported against its <c>tpm</c> budget.</summary>
    public void CountTokens(TargetId target, long tokens)
    {
        if (_targets.TryGetValue(target, out var state))
        {
            state.Budget.CountTokens(tokens, Time.GetUtcNow());
        }
    }

    public ITargetHealthView View(RouteTable table) => ViewOf(table);

    private TargetState NewTarget(TargetId id) => new(Time, BudgetCounters?.Invoke(id));

    public bool Apply(RouteTable table, TargetEffect effect) =>
        effect.Kind != TargetEffectKind.UnbindSticky && ViewOf(table)[effect.Ordinal].Apply(effect, table.Config.Failures);

    public bool TryStartProbe(RouteTable table, TargetEffect effect) => ViewOf(table)[effect.Ordinal].TryStartProbe(effect, table.Config.Failures);

    /// <summary>The state of one table's targets by ordinal, as the core reads it.</summary>
    internal sealed class TableView : ITargetHealthView, IRoundRobinState
    {
        private readonly TargetState[] _byOrdinal;
        private readonly TargetConfig?[] _budgeted;
        private readonly Dictionary<string, long[]> _counters;
        private readonly TimeProvider _time;

        public TableView(RouteTable table, ConcurrentDictionary<TargetId, TargetState> targets, Func<TargetId, TargetState> create, TimeProvider time)
        {
            _time = time;
            _byOrdinal = [.. Enumerable.Range(0, table.TargetCount).Select(i => targets.GetOrAdd(table.GetTargetId(i), create))];
            _counters = table.Routes.ToDictionary(r => r.Name, r => new long[r.Targets.Count], StringComparer.OrdinalIgnoreCase);
            // Only targets with an rpm or tpm pay for budget checks.
            _budgeted = new TargetConfig?[table.TargetCount];
            foreach (var target in table.Routes.SelectMany(r => r.Targets).Where(t => TargetBudgets.IsLimited(t.Config)))
            {
                _budgeted[target.Ordinal] = target.Config;
            }
        }

        public TargetState this[int ordinal] => _byOrdinal[ordinal];

        public DateTimeOffset CooldownUntil(int ordinal) => _budgeted[ordinal] is null ? _byOrdinal[ordinal].CooldownUntil : Condition(ordinal).EjectedUntil;

        public int InFlight(int ordinal) => _byOrdinal[ordinal].InFlight;

        public BudgetWindow Budget(int ordinal) => _byOrdinal[ordinal].Budget.Read(_time.GetUtcNow());

        /// <summary>The failure policy's condition with the target's spent budgets applied (the core decides what spent means).</summary>
        public TargetCondition Condition(int ordinal)
        {
            var condition = _byOrdinal[ordinal].Condition;
            if (_budgeted[ordinal] is not { } config)
            {
                return condition;
            }

            var now = _time.GetUtcNow();
            return TargetBudgets.Apply(condition, config, _byOrdinal[ordinal].Budget.Read(now), now);
        }

        // The core serialises each pick on the route's own lock; counters of different routes never contend.
        public Span<long> CountersOf(RouteEntry route) => _counters.TryGetValue(route.Name, out var c) ? c : [];
    }
}
