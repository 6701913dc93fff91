using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Routing;

namespace FlowGate.Config.Providers;

/// <summary>
/// Binds <c>providers.toml</c>: agent-cli's <c>[global]</c>, <c>[instances.*]</c> and <c>[routing]</c> as its generator
/// read them (every string may use <c>${VAR}</c>, from the environment or the <c>.env</c> beside the file), plus
/// FlowGate's own tables: <c>[upstreams.*]</c> (direct upstreams), <c>[aliases]</c>, <c>[upgrades.*]</c>,
/// <c>[ladders.*]</c>, <c>[retry]</c>, <c>[sticky]</c>, <c>[failures]</c>, <c>[effort_table]</c>, <c>[gateway]</c>
/// (keys, limits), <c>[integration]</c> and <c>[paths]</c>. The table reference is <c>docs/configuration.md</c>.
/// </summary>
internal static class ProvidersTomlBinder
{
    public static BoundConfig? Bind(ConfigTable root, BindContext context)
    {
        var file = new TableReader(root, string.Empty, context.Diagnostics, context.Secrets.Interpolate);
        var globalTable = file.Child("global");
        var global = GlobalSection.Read(globalTable, context);
        var modelRouter = RoutingTables.ReadModelRouter(globalTable?.Child("lb_model_router"), context);
        globalTable?.Finish();

        var (instances, instanceUpstreams) = InstancesSection.Read(file.Child("instances"), global.InstanceDefaults, context);
        var direct = UpstreamsSection.Read(file.Child("upstreams"), context);
        CheckUpstreamNames(file, instanceUpstreams, direct, context);
        var routes = RoutingSection.Read(file.Child("routing"), instances, direct, context);
        var routeNames = routes.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var retryTable = file.Child("retry");
        var retry = ReadRetry(retryTable, global, context);
        var (gateway, resilience, allowedFails) = HostTables.ReadGateway(file.Child("gateway"), global.Gateway, global.Resilience, context);
        var failures = allowedFails is { } gatewayAllowedFails ? global.Failures with { AllowedFails = gatewayAllowedFails } : global.Failures;
        var routing = new RoutingConfig
        {
            Upstreams = [.. instanceUpstreams, .. direct],
            Routes = [.. routes],
            Aliases = RoutingTables.ReadAliases(file.Child("aliases"), context),
            UpgradeRules = [.. global.AutoUpgrade.ToRules(routeNames, context), .. RoutingTables.ReadUpgrades(file.Child("upgrades"), context)],
            Ladders = RoutingTables.ReadLadders(file.Child("ladders"), context),
            ModelRouter = modelRouter,
            Retry = retry,
            Failures = HostTables.ReadFailures(file.Child("failures"), failures),
            Sticky = HostTables.ReadSticky(file.Child("sticky")),
            EffortTable = HostTables.ReadEffortTable(file.Child("effort_table")),
        };

        var integration = HostTables.ReadIntegration(file.Child("integration"), context);
        var paths = HostTables.ReadPaths(file.Child("paths"), context);
        var state = HostTables.ReadState(file.Child("state"), context);
        file.Finish();

        var config = new FlowGateConfig
        {
            Format = ConfigFormat.ProvidersToml,
            SourcePath = System.IO.Path.GetFullPath(context.File),
            Routing = routing,
            Gateway = gateway,
            Resilience = resilience,
            Instances = [.. instances],
            Integration = integration,
            Paths = paths,
            State = state,
        };
        return new BoundConfig(config, []);
    }

    private static RetryPolicy ReadRetry(TableReader? table, GlobalSection global, BindContext context)
    {
        var maxAttempts = table?.Int("max_attempts", 1, 100);
        var defaults = table?.Strings("default_fallbacks") ?? [];
        if (table is not null)
        {
            context.Map.Record("retry.max_attempts", table.PositionOf("max_attempts"), table.PathOf("max_attempts"));
            if (table.Table["default_fallbacks"] is ConfigArray array)
            {
                for (var i = 0; i < array.Items.Count; i++)
                {
                    context.Map.Record($"retry.default_fallbacks[{i}]", array.Items[i].Position, KeyPath.Index(table.PathOf("default_fallbacks"), i));
                }
            }

            if (maxAttempts is not null && global.MaxAttempts is not null)
            {
                table.Error("max_attempts", "conflicts with [global] lb_max_target_retries; keep one of the two.");
            }

            table.Finish();
        }

        return new RetryPolicy { MaxAttempts = maxAttempts ?? global.MaxAttempts ?? RetryPolicy.Default.MaxAttempts, DefaultFallbacks = defaults };
    }

    private static void CheckUpstreamNames(TableReader file, List<UpstreamConfig> instances, List<UpstreamConfig> direct, BindContext context)
    {
        var instanceNames = instances.Select(i => i.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (file.Child("upstreams") is not { } upstreams)
        {
            return;
        }

        foreach (var upstream in direct.Where(u => instanceNames.Contains(u.Name)))
        {
            context.Diagnostics.Error(upstreams.PositionOf(upstream.Name), upstreams.PathOf(upstream.Name), $"'{upstream.Name}' is already the name of an instance; instances and upstreams share one namespace.");
        }
    }
}
