using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// A compiled <see cref="ModelRouterConfig"/> for one activation name: rules by descending priority (ties in
/// configuration order), the first that holds wins, else the default route.
/// </summary>
internal sealed class ModelRouterEntry : UpgradeEntry
{
    private readonly CompiledConditionSet[] _conditions;

    // The default, and each rule holding through all its conditions, are built once: no allocation then.
    private readonly UpgradeOutcome _default;
    private readonly UpgradeOutcome[] _ruleOutcomes;

    /// <summary>Initializes a new instance of the <see cref="ModelRouterEntry"/> class.</summary>
    /// <param name="name">The activation model this entry answers for.</param>
    /// <param name="rules">The rules, already in priority order.</param>
    /// <param name="conditions">The rules' compiled conditions, shared by every activation name.</param>
    /// <param name="defaultRoute">The route when no rule holds.</param>
    public ModelRouterEntry(string name, ModelRouterRule[] rules, CompiledConditionSet[] conditions, string defaultRoute)
    {
        _conditions = conditions;
        _default = new() { Kind = UpgradeKind.ModelRouter, Name = name, Route = defaultRoute };
        _ruleOutcomes = Array.ConvertAll(rules, rule => _default with
        {
            Route = rule.Route,
            ConditionsHeld = true,
            RuleName = rule.Name,
            HeldConditions = rule.Conditions,
        });
    }

    public override UpgradeOutcome Evaluate(RequestFeatures features)
    {
        for (var i = 0; i < _conditions.Length; i++)
        {
            if (_conditions[i].TryMatch(features, out var held))
            {
                return _conditions[i].IsAll(held) ? _ruleOutcomes[i] : _ruleOutcomes[i] with { HeldConditions = held };
            }
        }

        return _default;
    }
}
