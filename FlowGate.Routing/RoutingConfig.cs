using FlowGate.Routing.Failures;
using FlowGate.Routing.Rewriting;
using FlowGate.Routing.Sessions;
using FlowGate.Routing.Upgrades;
using FlowGate.Routing.Validation;

namespace FlowGate.Routing;

/// <summary>
/// Everything FlowGate routes by: upstreams, routes and their targets, aliases, upgrade rules and the
/// policies for retries, cool-downs and stickiness. Immutable; compare two configs with <c>==</c>.
/// <c>FlowGate.Config</c> builds it from <c>providers.toml</c> or <c>flowgate.yaml</c>; code may build it directly.
/// The innermost of three layers: the ASP.NET Core adapter's <c>GatewayConfig</c> wraps it with gateway keys and limits,
/// and a loaded file (<c>FlowGateConfig</c>) holds it beside the settings only hosts and <c>xgate</c> read.
/// </summary>
public sealed record RoutingConfig
{
    /// <summary>Gets the upstreams targets refer to.</summary>
    public ValueArray<UpstreamConfig> Upstreams { get; init; }

    /// <summary>Gets the routes (public model names).</summary>
    public ValueArray<RouteConfig> Routes { get; init; }

    /// <summary>Gets the aliases and wildcard patterns.</summary>
    public ValueArray<AliasConfig> Aliases { get; init; }

    /// <summary>Gets the auto-upgrade rules.</summary>
    public ValueArray<UpgradeRule> UpgradeRules { get; init; }

    /// <summary>Gets the ladders.</summary>
    public ValueArray<LadderConfig> Ladders { get; init; }

    /// <summary>Gets the rule-based model router for <c>auto</c> names, if configured.</summary>
    public ModelRouterConfig? ModelRouter { get; init; }

    /// <summary>Gets the retry and fallback policy.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Gets the cool-down policy.</summary>
    public FailurePolicy Failures { get; init; } = FailurePolicy.Default;

    /// <summary>Gets the sticky-session policy.</summary>
    public StickyPolicy Sticky { get; init; } = StickyPolicy.Default;

    /// <summary>
    /// Gets the budget ↔ effort table used when rewriting and translating thinking settings (a configuration file's
    /// <c>effort_table</c>; the default otherwise).
    /// </summary>
    internal ThinkingEffortTable EffortTable { get; init; } = ThinkingEffortTable.Default;

    /// <summary>
    /// Checks the configuration as a whole and reports every problem at once, each with its key path: names that are
    /// empty, duplicated or unknown (with "did you mean"), weights below zero, routes with no enabled target, alias and
    /// fallback cycles, and out-of-range limits. <see cref="RouteTable.Create"/> runs the same checks and throws
    /// <see cref="RoutingConfigException"/> listing them.
    /// </summary>
    /// <returns>Every error found; empty when the configuration is usable.</returns>
    public IReadOnlyList<ConfigError> Validate() => RoutingConfigValidator.Validate(this);
}
