using System.Globalization;
using FlowGate.Config.Documents;
using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Config.Binding;

/// <summary>
/// The tables both schemas share, written the same way in TOML and YAML: aliases, upgrade rules, ladders, the model
/// router and target params. Each reader records where it found things, so the core validator's errors about them
/// come out at the right line.
/// </summary>
internal static class RoutingTables
{
    /// <summary>Gets the selection policies by their configuration names.</summary>
    public static IReadOnlyDictionary<string, SelectionPolicy> Policies { get; } = new Dictionary<string, SelectionPolicy>(StringComparer.OrdinalIgnoreCase)
    {
        ["weighted"] = SelectionPolicy.Weighted,
        ["round-robin"] = SelectionPolicy.RoundRobin,
        ["first"] = SelectionPolicy.First,
        ["least-busy"] = SelectionPolicy.LeastBusy,
        ["usage-based"] = SelectionPolicy.UsageBased,
    };

    private static readonly Dictionary<string, MatchMode> MatchModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = MatchMode.Any,
        ["all"] = MatchMode.All,
    };

    /// <summary>Reads <c>name = "target"</c> or <c>name = { target = "…", hidden = true }</c> entries.</summary>
    public static ValueArray<AliasConfig> ReadAliases(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            return [];
        }

        var aliases = new List<AliasConfig>();
        foreach (var entry in table.Table.Entries)
        {
            table.Accept(entry.Key);
            var path = table.PathOf(entry.Key);
            var routingPath = "aliases" + Key(entry.Key);
            context.Map.Record(routingPath, entry.KeyPosition, path);
            switch (entry.Value)
            {
                case ConfigScalar { Kind: ScalarKind.String, Value: string target }:
                    context.Map.Record(routingPath + ".target", entry.Value.Position, path);
                    aliases.Add(new AliasConfig { Name = entry.Key, Target = target });
                    break;
                case ConfigTable body:
                    var reader = table.Nested(body, path);
                    var aliasTarget = reader.RequiredString("target");
                    context.Map.Record(routingPath + ".target", reader.PositionOf("target"), reader.PathOf("target"));
                    var hidden = reader.Bool("hidden", false);
                    reader.Finish();
                    if (aliasTarget is not null)
                    {
                        aliases.Add(new AliasConfig { Name = entry.Key, Target = aliasTarget, Hidden = hidden });
                    }

                    break;
                default:
                    context.Diagnostics.Error(entry.Value.Position, path, $"must be a route name or a table with 'target', not {entry.Value.Describe()}.");
                    break;
            }
        }

        return [.. aliases];
    }

    /// <summary>Reads <c>NAME = { base, to, match, when = [{ field, op, value }] }</c> entries.</summary>
    public static ValueArray<UpgradeRule> ReadUpgrades(TableReader? table, BindContext context)
    {
        var rules = new List<UpgradeRule>();
        foreach (var (name, reader) in Children(table, context))
        {
            var routingPath = "upgrades" + Key(name);
            context.Map.Record(routingPath, reader.Position, reader.Path);
            var baseRoute = reader.RequiredString("base");
            context.Map.Record(routingPath + ".base", reader.PositionOf("base"), reader.PathOf("base"));
            var to = reader.RequiredString("to");
            context.Map.Record(routingPath + ".to", reader.PositionOf("to"), reader.PathOf("to"));
            var match = reader.Choice("match", MatchModes) ?? MatchMode.Any;
            var conditions = ReadConditions(reader, "when", routingPath + ".conditions", context);
            reader.Finish();
            if (baseRoute is not null && to is not null)
            {
                rules.Add(new UpgradeRule { Name = name, Base = baseRoute, To = to, Match = match, Conditions = conditions });
            }
        }

        return [.. rules];
    }

    /// <summary>Reads <c>NAME = { steps = [{ route, match, when, max_output_tokens }] }</c> entries.</summary>
    public static ValueArray<LadderConfig> ReadLadders(TableReader? table, BindContext context)
    {
        var ladders = new List<LadderConfig>();
        foreach (var (name, reader) in Children(table, context))
        {
            var routingPath = "ladders" + Key(name);
            context.Map.Record(routingPath, reader.Position, reader.Path);
            context.Map.Record(routingPath + ".steps", reader.PositionOf("steps"), reader.PathOf("steps"));
            var steps = new List<LadderStep>();
            foreach (var (index, step) in Tables(reader, "steps", context))
            {
                var stepPath = $"{routingPath}.steps[{index}]";
                context.Map.Record(stepPath, step.Position, step.Path);
                var route = step.RequiredString("route");
                context.Map.Record(stepPath + ".route", step.PositionOf("route"), step.PathOf("route"));
                var match = step.Choice("match", MatchModes) ?? MatchMode.Any;
                var maxOutput = step.Int("max_output_tokens", 1);
                var conditions = ReadConditions(step, "when", stepPath + ".conditions", context);
                step.Finish();
                if (route is not null)
                {
                    steps.Add(new LadderStep { Route = route, Match = match, Conditions = conditions, MaxOutputTokens = maxOutput });
                }
            }

            reader.Finish();
            ladders.Add(new LadderConfig { Name = name, Steps = [.. steps] });
        }

        return [.. ladders];
    }

    /// <summary>
    /// Reads agent-cli's <c>lb_model_router</c> table. <c>enabled = false</c> (agent-cli's default) gives no router;
    /// <c>shadow_only</c> (log the choice, route as before) is not something FlowGate does, so it also gives none, with a warning.
    /// </summary>
    public static ModelRouterConfig? ReadModelRouter(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            return null;
        }

        var enabled = table.Bool("enabled", false);
        var shadowOnly = table.Bool("shadow_only", false);
        var activation = table.Has("activation_models") ? table.Strings("activation_models") : (ValueArray<string>?)null;
        var defaultRoute = table.String("default_model");
        context.Map.Record("model_router.default_model", table.PositionOf("default_model"), table.PathOf("default_model"));
        context.Map.Record("model_router", table.Position, table.Path);
        if (table.Has("config_file"))
        {
            table.Error("config_file", "rules in an external file are not supported; write them in this table.");
        }

        if (table.Has("categories"))
        {
            table.Warning("categories", "categories are not supported and are ignored; express them as rules.");
        }

        table.Accept("log_factors");
        var rules = new List<ModelRouterRule>();
        foreach (var (index, rule) in Tables(table, "rules", context))
        {
            var name = rule.String("name") ?? $"rule{index + 1}";
            var rulePath = "model_router.rules" + Key(name);
            context.Map.Record(rulePath, rule.Position, rule.Path);
            var route = rule.RequiredString("target_model");
            context.Map.Record(rulePath + ".model", rule.PositionOf("target_model"), rule.PathOf("target_model"));
            var priority = rule.Int("priority") ?? 0;
            var match = rule.Choice("match", MatchModes) ?? MatchMode.All;
            var conditions = ReadConditions(rule, "when", rulePath + ".when", context);
            rule.Finish();
            if (route is not null)
            {
                rules.Add(new ModelRouterRule { Name = name, Priority = priority, Match = match, Conditions = conditions, Route = route });
            }
        }

        table.Finish();
        if (!enabled)
        {
            return null;
        }

        if (shadowOnly)
        {
            table.Warning("shadow_only", "shadow mode is not supported; the model router is not applied.");
            return null;
        }

        if (defaultRoute is null)
        {
            context.Diagnostics.Error(table.Position, table.PathOf("default_model"), "is required when the model router is enabled.");
            return null;
        }

        var config = new ModelRouterConfig { DefaultRoute = defaultRoute, Rules = [.. rules] };
        return activation is { } models ? config with { ActivationModels = models } : config;
    }

    /// <summary>Reads a target's <c>params</c> table (the rewrite's keys); <paramref name="routingPath"/> is the target's core path.</summary>
    public static TargetParams ReadParams(TableReader? table, string routingPath, BindContext context)
    {
        if (table is null)
        {
            return TargetParams.None;
        }

        var paramsPath = routingPath + ".params";
        foreach (var key in (ReadOnlySpan<string>)["thinking_budget_max", "max_tokens_max", "max_tokens_default", "reasoning_effort", "extra_headers"])
        {
            context.Map.Record(paramsPath + "." + key, table.PositionOf(key), table.PathOf(key));
        }

        var result = new TargetParams
        {
            ReasoningEffort = table.String("reasoning_effort"),
            ThinkingLevel = table.String("thinking_level"),
            ThinkingBudgetMax = table.Int("thinking_budget_max"),
            MaxTokensMax = table.Int("max_tokens_max"),
            MaxTokensDefault = table.Int("max_tokens_default"),
            AnthropicBeta = table.String("anthropic_beta"),
            ExtraHeaders = ReadHeaders(table.Child("extra_headers"), context),
            DropParams = table.Strings("drop_params"),
        };
        table.Finish();
        return result;
    }

    /// <summary>Reads a <c>{ "Header-Name" = "value" }</c> table.</summary>
    public static ValueArray<HttpHeader> ReadHeaders(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            return [];
        }

        var headers = new List<HttpHeader>();
        foreach (var entry in table.Table.Entries)
        {
            table.Accept(entry.Key);
            if (entry.Value is ConfigScalar { Kind: ScalarKind.String, Value: string value })
            {
                headers.Add(new HttpHeader(entry.Key, value));
            }
            else
            {
                context.Diagnostics.Error(entry.Value.Position, table.PathOf(entry.Key), $"a header value must be a string, not {entry.Value.Describe()}.");
            }
        }

        return [.. headers];
    }

    /// <summary>Enumerates a table of named tables (<c>[upgrades.NAME]</c>), reporting entries that are not tables.</summary>
    public static IEnumerable<(string Name, TableReader Reader)> Children(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            yield break;
        }

        foreach (var entry in table.Table.Entries)
        {
            table.Accept(entry.Key);
            if (entry.Value is ConfigTable child)
            {
                yield return (entry.Key, table.Nested(child, table.PathOf(entry.Key)));
            }
            else
            {
                context.Diagnostics.Error(entry.Value.Position, table.PathOf(entry.Key), $"must be a table, not {entry.Value.Describe()}.");
            }
        }
    }

    /// <summary>Enumerates an array of tables (<c>rules = [{…}]</c> or <c>[[rules]]</c>), reporting items that are not tables.</summary>
    public static IEnumerable<(int Index, TableReader Reader)> Tables(TableReader parent, string key, BindContext context)
    {
        if (parent.Array(key) is not { } array)
        {
            yield break;
        }

        for (var i = 0; i < array.Items.Count; i++)
        {
            var path = KeyPath.Index(parent.PathOf(key), i);
            if (array.Items[i] is ConfigTable item)
            {
                yield return (i, parent.Nested(item, path));
            }
            else
            {
                context.Diagnostics.Error(array.Items[i].Position, path, $"must be a table, not {array.Items[i].Describe()}.");
            }
        }
    }

    /// <summary>Spells a name as the core validator does in its paths (<c>["name"]</c>).</summary>
    public static string Key(string name) => "[\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";

    private static ValueArray<FeatureCondition> ReadConditions(TableReader parent, string key, string routingPath, BindContext context)
    {
        var conditions = new List<FeatureCondition>();
        foreach (var (index, item) in Tables(parent, key, context))
        {
            context.Map.Record($"{routingPath}[{conditions.Count}]", item.Position, item.Path);
            if (ReadCondition(item) is { } condition)
            {
                conditions.Add(condition);
            }

            item.Finish();
        }

        return [.. conditions];
    }

    private static FeatureCondition? ReadCondition(TableReader item)
    {
        var field = item.RequiredString("field");
        var op = item.RequiredString("op");
        var valueNode = item.Node("value");
        RequestFeature feature = default;
        ConditionOperator oper = default;
        var ok = field is not null && op is not null;
        if (field is not null && !FeatureNames.TryParseFeature(field, out feature))
        {
            item.Error("field", $"unknown feature '{field}'{NameSuggestions.DidYouMeanSuffix(field, FeatureNames.FeatureSpellings)}; known: {string.Join(", ", FeatureNames.FeatureSpellings)}.");
            ok = false;
        }

        if (op is not null && !FeatureNames.TryParseOperator(op, out oper))
        {
            item.Error("op", $"unknown operator '{op}'{NameSuggestions.DidYouMeanSuffix(op, FeatureNames.OperatorSpellings)}; known: {string.Join(" ", FeatureNames.OperatorSpellings)}.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        if (oper is ConditionOperator.In or ConditionOperator.NotIn)
        {
            if (valueNode is not ConfigArray array)
            {
                item.Error("value", $"'{op}' needs an array of values.");
                return null;
            }

            var values = new List<string>();
            foreach (var v in array.Items)
            {
                if (Text(v) is { } text)
                {
                    values.Add(text);
                }
                else
                {
                    item.Error("value", $"each value must be a string, number or boolean, not {v.Describe()}.");
                }
            }

            return new FeatureCondition { Feature = feature, Operator = oper, Values = [.. values] };
        }

        if (valueNode is null && oper == ConditionOperator.Exists)
        {
            return new FeatureCondition { Feature = feature, Operator = oper };
        }

        if (valueNode is null || Text(valueNode) is not { } value)
        {
            item.Error("value", valueNode is null ? "is required." : $"must be a string, number or boolean, not {valueNode.Describe()}.");
            return null;
        }

        return new FeatureCondition { Feature = feature, Operator = oper, Value = value };
    }

    private static string? Text(ConfigNode node) => node switch
    {
        ConfigScalar { Kind: ScalarKind.String, Value: string s } => s,
        ConfigScalar { Kind: ScalarKind.Integer, Value: long l } => l.ToString(CultureInfo.InvariantCulture),
        ConfigScalar { Kind: ScalarKind.Float, Value: double d } => d.ToString("R", CultureInfo.InvariantCulture),
        ConfigScalar { Kind: ScalarKind.Boolean, Value: bool b } => b ? "true" : "false",
        _ => null,
    };
}
