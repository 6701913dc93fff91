using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>A compiled <see cref="UpgradeRule"/>: <see cref="UpgradeRule.To"/> when its conditions hold, else <see cref="UpgradeRule.Base"/>.</summary>
internal sealed class UpgradeRuleEntry : UpgradeEntry
{
    private readonly CompiledConditionSet _conditions;

    // The outcomes that do not depend on which conditions held are built once, so the usual answers cost
    // no allocation.
    private readonly UpgradeOutcome _base;
    private readonly UpgradeOutcome _upgradedByAll;

    public UpgradeRuleEntry(UpgradeRule rule)
    {
        _conditions = new(rule.Conditions, rule.Match);
        _base = new() { Kind = UpgradeKind.Rule, Name = rule.Name, Route = rule.Base };
        _upgradedByAll = _base with { Route = rule.To, ConditionsHeld = true, HeldConditions = rule.Conditions };
    }

    public override UpgradeOutcome Evaluate(RequestFeatures features)
    {
        if (!_conditions.TryMatch(features, out var held))
        {
            return _base;
        }

        return _conditions.IsAll(held) ? _upgradedByAll : _upgradedByAll with { HeldConditions = held };
    }
}
