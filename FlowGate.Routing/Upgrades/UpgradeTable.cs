using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// The upgrade rules, ladders and model router of one configuration, compiled once for evaluation per
/// request: names in a case-insensitive frozen dictionary, condition values parsed, patterns built, router
/// rules sorted. Build it when a configuration is loaded and evaluate with <see cref="UpgradeEvaluator"/>.
/// Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// When a name is defined more than once the first definition wins, looking at upgrade rules, then ladders,
/// then the router's activation models; <see cref="UpgradeEvaluator.Validate"/> reports such clashes, and
/// ladders without steps, which are left out.
/// </remarks>
internal sealed class UpgradeTable
{
    private readonly FrozenDictionary<string, UpgradeEntry> _entries;

    private UpgradeTable(FrozenDictionary<string, UpgradeEntry> entries) => _entries = entries;

    /// <summary>Gets a table with no upgrade names.</summary>
    public static UpgradeTable Empty { get; } = new(FrozenDictionary<string, UpgradeEntry>.Empty);

    /// <summary>Gets the number of names that trigger an upgrade mechanism.</summary>
    public int Count => _entries.Count;

    /// <summary>Compiles the upgrade configuration of a routing configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The table.</returns>
    public static UpgradeTable Create(RoutingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Create(config.UpgradeRules, config.Ladders, config.ModelRouter);
    }

    /// <summary>Compiles upgrade rules, ladders and a model router.</summary>
    /// <param name="rules">The upgrade rules.</param>
    /// <param name="ladders">The ladders.</param>
    /// <param name="router">The model router, if any.</param>
    /// <returns>The table.</returns>
    public static UpgradeTable Create(ValueArray<UpgradeRule> rules, ValueArray<LadderConfig> ladders, ModelRouterConfig? router)
    {
        var entries = new Dictionary<string, UpgradeEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            entries.TryAdd(rule.Name, new UpgradeRuleEntry(rule));
        }

        foreach (var ladder in ladders)
        {
            if (!ladder.Steps.IsEmpty)
            {
                entries.TryAdd(ladder.Name, new LadderEntry(ladder));
            }
        }

        if (router is not null)
        {
            // OrderBy is stable: equal priorities keep configuration order.
            var ordered = router.Rules.OrderByDescending(rule => rule.Priority).ToArray();
            var conditions = Array.ConvertAll(ordered, rule => new CompiledConditionSet(rule.Conditions, rule.Match));
            foreach (var name in router.ActivationModels)
            {
                entries.TryAdd(name, new ModelRouterEntry(name, ordered, conditions, router.DefaultRoute));
            }
        }

        return entries.Count == 0 ? Empty : new(entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Tells whether a name triggers an upgrade mechanism.</summary>
    /// <param name="name">The requested name (case-insensitive).</param>
    /// <returns><see langword="true"/> when evaluating the name gives an outcome.</returns>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _entries.ContainsKey(name);
    }

    internal bool TryGetEntry(string name, [NotNullWhen(true)] out UpgradeEntry? entry) => _entries.TryGetValue(name, out entry);
}
