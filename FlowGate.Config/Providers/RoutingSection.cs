using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Config.Settings;
using FlowGate.Routing;

namespace FlowGate.Config.Providers;

/// <summary>
/// <c>[routing]</c>: public model names and their targets. A route is agent-cli's array of targets
/// (<c>"opus4.6" = [{ instance, provider, model, weight, params }]</c>) or FlowGate's table form
/// (<c>[routing."opus4.6"]</c> with <c>targets</c>, <c>policy</c>, <c>fallbacks</c>, <c>context_window_fallbacks</c>,
/// <c>hidden</c>). A target names an <c>instance</c> (with the instance's <c>provider</c>) or a direct <c>upstream</c>,
/// and may set <c>timeout</c> (seconds), <c>rpm</c> and <c>tpm</c> (LiteLLM's per-deployment limits).
/// Weight 0 disables a target (agent-cli counted it as 1).
/// </summary>
internal static class RoutingSection
{
    public static List<RouteConfig> Read(TableReader? routing, IReadOnlyList<InstanceConfig> instances, IReadOnlyList<UpstreamConfig> direct, BindContext context)
    {
        var routes = new List<RouteConfig>();
        if (routing is null)
        {
            return routes;
        }

        var upstreamNames = instances.Select(i => i.Name).Concat(direct.Select(u => u.Name)).ToList();
        foreach (var entry in routing.Table.Entries)
        {
            routing.Accept(entry.Key);
            var path = routing.PathOf(entry.Key);
            var routingPath = "routes" + RoutingTables.Key(entry.Key);
            context.Map.Record(routingPath, entry.KeyPosition, path);
            context.Map.Record(routingPath + ".targets", entry.Value.Position, path);
            var route = entry.Value switch
            {
                ConfigArray => new RouteConfig { Name = entry.Key, Targets = ReadTargets(routing, entry.Key, routingPath, instances, upstreamNames, context) },
                ConfigTable table => ReadRouteTable(routing.Nested(table, path), entry.Key, routingPath, instances, upstreamNames, context),
                _ => null,
            };
            if (route is null)
            {
                context.Diagnostics.Error(entry.Value.Position, path, $"a route must be an array of targets or a table, not {entry.Value.Describe()}.");
                continue;
            }

            routes.Add(route);
        }

        return routes;
    }

    private static RouteConfig ReadRouteTable(TableReader route, string name, string routingPath, IReadOnlyList<InstanceConfig> instances, List<string> upstreamNames, BindContext context)
    {
        context.Map.Record(routingPath + ".targets", route.PositionOf("targets"), route.PathOf("targets"));
        context.Map.Record(routingPath + ".fallbacks", route.PositionOf("fallbacks"), route.PathOf("fallbacks"));
        context.Map.Record(routingPath + ".context_window_fallbacks", route.PositionOf("context_window_fallbacks"), route.PathOf("context_window_fallbacks"));
        var targets = ReadTargets(route, "targets", routingPath, instances, upstreamNames, context);
        var fallbacks = route.Strings("fallbacks");
        var contextFallbacks = route.Strings("context_window_fallbacks");
        RecordItems(route, "fallbacks", routingPath + ".fallbacks", context);
        RecordItems(route, "context_window_fallbacks", routingPath + ".context_window_fallbacks", context);
        var result = new RouteConfig
        {
            Name = name,
            Targets = targets,
            Policy = route.Choice("policy", RoutingTables.Policies) ?? SelectionPolicy.Weighted,
            Fallbacks = fallbacks,
            ContextWindowFallbacks = contextFallbacks,
            Hidden = route.Bool("hidden", false),
        };
        route.Finish();
        return result;
    }

    private static ValueArray<TargetConfig> ReadTargets(TableReader parent, string key, string routingPath, IReadOnlyList<InstanceConfig> instances, List<string> upstreamNames, BindContext context)
    {
        var targets = new List<TargetConfig>();
        foreach (var (index, target) in RoutingTables.Tables(parent, key, context))
        {
            var targetPath = $"{routingPath}.targets[{targets.Count}]";
            if (ReadTarget(target, targetPath, instances, upstreamNames, context) is { } config)
            {
                targets.Add(config);
            }
        }

        return [.. targets];
    }

    private static TargetConfig? ReadTarget(TableReader target, string targetPath, IReadOnlyList<InstanceConfig> instances, List<string> upstreamNames, BindContext context)
    {
        context.Map.Record(targetPath, target.Position, target.Path);
        context.Map.Record(targetPath + ".weight", target.PositionOf("weight"), target.PathOf("weight"));
        foreach (var key in (ReadOnlySpan<string>)["model", "timeout", "rpm", "tpm"])
        {
            context.Map.Record(targetPath + "." + key, target.PositionOf(key), target.PathOf(key));
        }
        var instanceName = target.String("instance");
        var upstreamName = target.String("upstream");
        var upstreamKey = instanceName is not null ? "instance" : "upstream";
        context.Map.Record(targetPath + ".upstream", target.PositionOf(upstreamKey), target.PathOf(upstreamKey));
        if (instanceName is not null && upstreamName is not null)
        {
            target.Error("upstream", "a target names either an instance or an upstream, not both.");
        }
        else if (instanceName is null && upstreamName is null)
        {
            context.Diagnostics.Error(target.Position, target.PathOf("instance"), "a target must name an instance (or a direct upstream with 'upstream').");
        }

        if (instanceName is not null && !instances.Any(i => i.Name == instanceName))
        {
            target.Error("instance", $"unknown instance '{instanceName}'{NameSuggestions.DidYouMeanSuffix(instanceName, instances.Select(i => i.Name))}.");
        }
        else if (upstreamName is not null && !upstreamNames.Contains(upstreamName, StringComparer.Ordinal))
        {
            target.Error("upstream", $"unknown upstream '{upstreamName}'{NameSuggestions.DidYouMeanSuffix(upstreamName, upstreamNames)}.");
        }

        var provider = target.String("provider");
        CheckProvider(target, instanceName, provider, instances, context);
        if (upstreamName is not null && provider is not null)
        {
            target.Error("provider", "applies only to instance targets; a direct upstream declares its protocol itself.");
        }

        var model = target.RequiredString("model");
        var weight = target.Int("weight");
        var timeout = target.Duration("timeout", TimeSpan.FromSeconds(1));
        var rpm = target.Int("rpm");
        var tpm = target.Int("tpm");
        var targetParams = RoutingTables.ReadParams(target.Child("params"), targetPath, context);
        target.Finish();
        var upstream = instanceName ?? upstreamName;
        if (upstream is null || model is null)
        {
            return null;
        }

        return new TargetConfig
        {
            Upstream = upstream,
            Model = model,
            Weight = weight ?? 1,
            Params = targetParams,
            Timeout = timeout,
            RequestsPerMinute = rpm,
            TokensPerMinute = tpm,
        };
    }

    private static void CheckProvider(TableReader target, string? instanceName, string? provider, IReadOnlyList<InstanceConfig> instances, BindContext context)
    {
        if (instanceName is null || instances.FirstOrDefault(i => i.Name == instanceName) is not { } instance)
        {
            return;
        }

        var types = instance.Providers.Select(p => p.Type).Distinct(StringComparer.Ordinal).ToList();
        if (provider is null)
        {
            var has = types.Count == 0 ? "no providers" : "providers " + string.Join(", ", types);
            context.Diagnostics.Warning(target.Position, target.Path, $"no provider given (instance '{instanceName}' has {has}), so `xgate generate` cannot list the model under one.");
        }
        else if (!types.Contains(provider, StringComparer.Ordinal))
        {
            target.Error("provider", $"instance '{instanceName}' has no provider '{provider}'{NameSuggestions.DidYouMeanSuffix(provider, types)}; it has: {string.Join(", ", types)}.");
        }
    }

    private static void RecordItems(TableReader table, string key, string routingPath, BindContext context)
    {
        if (table.Table[key] is ConfigArray array)
        {
            for (var i = 0; i < array.Items.Count; i++)
            {
                context.Map.Record($"{routingPath}[{i}]", array.Items[i].Position, KeyPath.Index(table.PathOf(key), i));
            }
        }
    }
}
