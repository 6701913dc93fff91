using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// A compiled <see cref="LadderConfig"/>: the last step whose conditions the request meets (the first step
/// when it meets none), then up while the requested output exceeds the step's cap and a higher step exists.
/// </summary>
internal sealed class LadderEntry : UpgradeEntry
{
    private readonly LadderStep[] _steps;
    private readonly CompiledConditionSet[] _conditions;

    // _outcomes[met + 1][served]: the outcome when step `met` (-1: none) was met through all its conditions
    // and step `served` serves, built once so that the usual answers allocate nothing.
    private readonly UpgradeOutcome[][] _outcomes;

    public LadderEntry(LadderConfig ladder)
    {
        _steps = [.. ladder.Steps];
        _conditions = new CompiledConditionSet[_steps.Length];
        _outcomes = new UpgradeOutcome[_steps.Length + 1][];
        for (var i = 0; i < _steps.Length; i++)
        {
            _conditions[i] = new(_steps[i].Conditions, _steps[i].Match);
        }

        for (var met = -1; met < _steps.Length; met++)
        {
            var row = _outcomes[met + 1] = new UpgradeOutcome[_steps.Length];
            for (var served = Math.Max(met, 0); served < _steps.Length; served++)
            {
                row[served] = new()
                {
                    Kind = UpgradeKind.Ladder,
                    Name = ladder.Name,
                    Route = _steps[served].Route,
                    ConditionsHeld = met >= 0,
                    Step = served,
                    ConditionStep = Math.Max(met, 0),
                    HeldConditions = met >= 0 ? _steps[met].Conditions : default,
                };
            }
        }
    }

    public override UpgradeOutcome Evaluate(RequestFeatures features)
    {
        // From the top down, so the first step met is the last in order and lower steps are not evaluated.
        var met = _steps.Length - 1;
        ValueArray<FeatureCondition> held = default;
        while (met >= 0 && !_conditions[met].TryMatch(features, out held))
        {
            met--;
        }

        var served = Math.Max(met, 0);
        if (features.RequestedOutputTokens is { } requested)
        {
            while (served < _steps.Length - 1 && _steps[served].MaxOutputTokens is { } cap && requested > cap)
            {
                served++;
            }
        }

        var outcome = _outcomes[met + 1][served];
        return met < 0 || _conditions[met].IsAll(held) ? outcome : outcome with { HeldConditions = held };
    }
}
