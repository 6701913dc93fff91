using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing.Validation;

/// <content>Upgrade rules, ladders and the model router.</content>
internal static partial class RoutingConfigValidator
{
    private static HashSet<string> ValidateUpgrades(RoutingConfig config, HashSet<string> routes, ErrorCollector errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Claim(string path, string? name)
        {
            errors.RequireName(path, name, "an upgrade name");
            if (!string.IsNullOrWhiteSpace(name) && !names.Add(name))
            {
                errors.Add(path, $"'{name}' is already used by another upgrade rule, ladder or the model router.");
            }
        }

        foreach (var rule in config.UpgradeRules)
        {
            var path = $"upgrades{ErrorCollector.Key(rule.Name ?? string.Empty)}";
            Claim(path, rule.Name);
            errors.RequireKnown(path + ".base", rule.Base ?? string.Empty, "route", routes);
            errors.RequireKnown(path + ".to", rule.To ?? string.Empty, "route", routes);
            if (rule.Conditions.IsEmpty)
            {
                errors.Add(path + ".conditions", "an upgrade rule needs at least one condition.");
            }

            ValidateConditions(path + ".conditions", rule.Conditions, errors);
        }

        foreach (var ladder in config.Ladders)
        {
            var path = $"ladders{ErrorCollector.Key(ladder.Name ?? string.Empty)}";
            Claim(path, ladder.Name);
            if (ladder.Steps.IsEmpty)
            {
                errors.Add(path + ".steps", "a ladder needs at least one step.");
            }

            for (var i = 0; i < ladder.Steps.Count; i++)
            {
                errors.RequireKnown($"{path}.steps[{i}].route", ladder.Steps[i].Route ?? string.Empty, "route", routes);
                errors.RequirePositive($"{path}.steps[{i}].max_output_tokens", ladder.Steps[i].MaxOutputTokens);
                ValidateConditions($"{path}.steps[{i}].conditions", ladder.Steps[i].Conditions, errors);
            }
        }

        if (config.ModelRouter is { } router)
        {
            for (var i = 0; i < router.ActivationModels.Count; i++)
            {
                Claim($"model_router.activation_models[{i}]", router.ActivationModels[i]);
            }

            errors.RequireKnown("model_router.default_model", router.DefaultRoute ?? string.Empty, "route", routes);
            foreach (var rule in router.Rules)
            {
                var path = $"model_router.rules{ErrorCollector.Key(rule.Name ?? string.Empty)}";
                errors.RequireKnown(path + ".model", rule.Route ?? string.Empty, "route", routes);
                ValidateConditions(path + ".when", rule.Conditions, errors);
            }
        }

        return names;
    }

    private static void ValidateConditions(string path, ValueArray<FeatureCondition> conditions, ErrorCollector errors)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            var conditionPath = $"{path}[{i}]";
            foreach (var problem in FeatureConditionEvaluator.Validate(conditions[i], conditionPath))
            {
                // The evaluator reports "path: reason"; keep the path apart so the loader can place it.
                var reason = problem.StartsWith(conditionPath + ": ", StringComparison.Ordinal) ? problem[(conditionPath.Length + 2)..] : problem;
                errors.Add(conditionPath, reason);
            }
        }
    }
}
