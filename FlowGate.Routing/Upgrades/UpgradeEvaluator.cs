using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// Decides whether a requested name is served by an upgrade mechanism and which route it gets.
/// Names compare case-insensitively; alias resolution happens before, the name given is the one to look up.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description><see cref="UpgradeRule"/>: a request for its name goes to <see cref="UpgradeRule.To"/>
/// when its conditions hold (any or all), else to <see cref="UpgradeRule.Base"/>.</description></item>
/// <item><description><see cref="LadderConfig"/>: the last step whose conditions the request meets (an empty
/// list always is met; the first step when none is), then up one step at a time while the requested output
/// exceeds the step's <see cref="LadderStep.MaxOutputTokens"/> and a higher step exists.</description></item>
/// <item><description><see cref="ModelRouterConfig"/>: only for its activation models; rules by descending
/// priority, ties in configuration order; the first that holds wins, else the default route.</description></item>
/// </list>
/// </remarks>
internal static class UpgradeEvaluator
{
    /// <summary>Evaluates a requested name against a compiled table: the per-request path.</summary>
    /// <param name="table">The compiled upgrade configuration.</param>
    /// <param name="requestedName">The model name requested, after alias resolution.</param>
    /// <param name="features">The request's features.</param>
    /// <returns>The outcome, or <see langword="null"/> when the name is not an upgrade name (nothing is allocated then).</returns>
    public static UpgradeOutcome? Evaluate(UpgradeTable table, string requestedName, RequestFeatures features)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(requestedName);
        ArgumentNullException.ThrowIfNull(features);
        return table.TryGetEntry(requestedName, out var entry) ? entry.Evaluate(features) : null;
    }

    /// <summary>
    /// Evaluates a requested name against configuration pieces directly. It compiles a table on every call
    /// (conditions themselves are compiled once), so it suits tools and <c>route explain</c>; the request path
    /// should build an <see cref="UpgradeTable"/> once.
    /// </summary>
    /// <param name="requestedName">The model name requested, after alias resolution.</param>
    /// <param name="features">The request's features.</param>
    /// <param name="rules">The upgrade rules.</param>
    /// <param name="ladders">The ladders.</param>
    /// <param name="router">The model router, if any.</param>
    /// <returns>The outcome, or <see langword="null"/> when the name is not an upgrade name.</returns>
    public static UpgradeOutcome? Evaluate(
        string requestedName,
        RequestFeatures features,
        ValueArray<UpgradeRule> rules,
        ValueArray<LadderConfig> ladders,
        ModelRouterConfig? router) =>
        Evaluate(UpgradeTable.Create(rules, ladders, router), requestedName, features);

    /// <summary>
    /// Checks upgrade configuration: every condition (see <see cref="FeatureConditionEvaluator.Validate"/>),
    /// names and routes present, names defined once across rules, ladders and router, ladders with steps and
    /// positive output caps. Whether the routes exist is for the caller, which knows them.
    /// </summary>
    /// <param name="rules">The upgrade rules.</param>
    /// <param name="ladders">The ladders.</param>
    /// <param name="router">The model router, if any.</param>
    /// <returns>The errors, each starting with its path (<c>upgrade_rules[0]</c>, <c>ladders[1].steps[2]</c>, <c>model_router.rules[0]</c>); empty when valid.</returns>
    public static IReadOnlyList<string> Validate(ValueArray<UpgradeRule> rules, ValueArray<LadderConfig> ladders, ModelRouterConfig? router)
    {
        var errors = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"upgrade_rules[{i}]";
            CheckName(rule.Name, path, names, errors);
            CheckRoute(rule.Base, $"{path}.base", errors);
            CheckRoute(rule.To, $"{path}.to", errors);
            CheckConditions(rule.Conditions, $"{path}.conditions", errors);
        }

        for (var i = 0; i < ladders.Count; i++)
        {
            var ladder = ladders[i];
            var path = $"ladders[{i}]";
            CheckName(ladder.Name, path, names, errors);
            if (ladder.Steps.IsEmpty)
            {
                errors.Add($"{path}: a ladder needs at least one step");
            }

            for (var s = 0; s < ladder.Steps.Count; s++)
            {
                var step = ladder.Steps[s];
                CheckRoute(step.Route, $"{path}.steps[{s}].route", errors);
                if (step.MaxOutputTokens is <= 0)
                {
                    errors.Add($"{path}.steps[{s}].max_output_tokens: must be positive");
                }

                CheckConditions(step.Conditions, $"{path}.steps[{s}].conditions", errors);
            }
        }

        if (router is not null)
        {
            if (router.ActivationModels.IsEmpty)
            {
                errors.Add("model_router.activation_models: the router needs at least one activation model");
            }

            for (var i = 0; i < router.ActivationModels.Count; i++)
            {
                CheckName(router.ActivationModels[i], $"model_router.activation_models[{i}]", names, errors);
            }

            CheckRoute(router.DefaultRoute, "model_router.default_model", errors);
            for (var i = 0; i < router.Rules.Count; i++)
            {
                var rule = router.Rules[i];
                CheckRoute(rule.Route, $"model_router.rules[{i}].model", errors);
                CheckConditions(rule.Conditions, $"model_router.rules[{i}].when", errors);
            }
        }

        return errors;
    }

    private static void CheckName(string name, string path, Dictionary<string, string> seen, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{path}: the name is empty");
        }
        else if (!seen.TryAdd(name, path))
        {
            errors.Add($"{path}: the name '{name}' is already used by {seen[name]}");
        }
    }

    private static void CheckRoute(string route, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(route))
        {
            errors.Add($"{path}: the route is empty");
        }
    }

    private static void CheckConditions(ValueArray<FeatureCondition> conditions, string path, List<string> errors)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            errors.AddRange(FeatureConditionEvaluator.Validate(conditions[i], $"{path}[{i}]"));
        }
    }
}
