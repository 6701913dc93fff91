using System.Collections.Frozen;
using FlowGate.Routing.Plans;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Validation;

namespace FlowGate.Routing;

/// <summary>
/// A <see cref="RoutingConfig"/> compiled for the hot path: names resolve through one frozen, case-insensitive
/// dictionary to results computed up front, wildcard patterns are sorted most specific first, and each distinct
/// target gets an ordinal so hosts can keep per-target state in arrays. Immutable and safe to share.
/// </summary>
public sealed class RouteTable
{
    private readonly FrozenDictionary<string, RouteResolution> _exact;
    private readonly FrozenDictionary<string, RouteEntry> _routes;
    private readonly RouteResolution[] _patterns;
    private readonly TargetId[] _targetIds;

    private RouteTable(RoutingConfig config)
    {
        Config = config;
        var upstreams = config.Upstreams.ToDictionary(u => u.Name, StringComparer.OrdinalIgnoreCase);
        var ordinals = new Dictionary<TargetId, int>();
        var configsByName = config.Routes.DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var routes = new List<RouteEntry>(config.Routes.Count);
        foreach (var route in config.Routes)
        {
            var targets = new RouteTarget[route.Targets.Count];
            for (var i = 0; i < targets.Length; i++)
            {
                var target = route.Targets[i];
                if (!ordinals.TryGetValue(target.Id, out var ordinal))
                {
                    ordinals.Add(target.Id, ordinal = ordinals.Count);
                }

                targets[i] = new RouteTarget(ordinal, i, target, upstreams[target.Upstream]);
            }

            routes.Add(new RouteEntry(route, targets, Expand(config, configsByName, route.Name, FallbackKind.General), Expand(config, configsByName, route.Name, FallbackKind.ContextWindow)));
        }

        Routes = routes;
        _routes = routes.ToFrozenDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _targetIds = new TargetId[ordinals.Count];
        foreach (var (id, ordinal) in ordinals)
        {
            _targetIds[ordinal] = id;
        }

        var names = new NameIndex(config, routes);
        _exact = names.Exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _patterns = names.Patterns;
        ListedModels = names.Listed;
        ReadsLastUserText = UsesFeature(config, Upgrades.RequestFeature.LastUserText);
    }

    /// <summary>Gets the configuration the table was compiled from.</summary>
    public RoutingConfig Config { get; }

    /// <summary>
    /// Gets a value indicating whether some upgrade rule, ladder step or model-router rule has a condition on
    /// <see cref="Features.RequestFeatures.LastUserText"/>: when none has, a host need not decode that text.
    /// </summary>
    internal bool ReadsLastUserText { get; }

    /// <summary>Gets the routes in configuration order.</summary>
    public IReadOnlyList<RouteEntry> Routes { get; }

    /// <summary>Gets the model names <c>/v1/models</c> lists: visible routes, upgrade names and visible exact aliases.</summary>
    public IReadOnlyList<string> ListedModels { get; }

    /// <summary>Gets the number of distinct targets (see <see cref="RouteTarget.Ordinal"/>).</summary>
    public int TargetCount => _targetIds.Length;

    /// <summary>Compiles a configuration, validating it first.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The compiled table.</returns>
    /// <exception cref="RoutingConfigException">The configuration has errors; all of them are listed.</exception>
    public static RouteTable Create(RoutingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = RoutingConfigValidator.Validate(config);
        return errors.Count > 0 ? throw new RoutingConfigException(errors) : new RouteTable(config);
    }

    /// <summary>Gets the target id with the given ordinal.</summary>
    /// <param name="ordinal">The ordinal, from 0 to <see cref="TargetCount"/> − 1.</param>
    /// <returns>The target id.</returns>
    public TargetId GetTargetId(int ordinal) => _targetIds[ordinal];

    /// <summary>Finds a route by name (case-insensitive), without following aliases.</summary>
    /// <param name="name">The route name.</param>
    /// <param name="route">The route when found.</param>
    /// <returns><see langword="true"/> when the route exists.</returns>
    public bool TryGetRoute(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RouteEntry? route)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _routes.TryGetValue(name, out route);
    }

    /// <summary>
    /// Resolves a model name: an upgrade name, then a route, then an exact alias (followed to its end), then the
    /// most specific matching wildcard pattern. Known names cost one dictionary lookup and no allocation.
    /// </summary>
    /// <param name="model">The model name the client sent.</param>
    /// <returns>The resolution; for an unknown name it names the closest known model.</returns>
    public RouteResolution Resolve(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_exact.TryGetValue(model, out var exact))
        {
            return exact;
        }

        foreach (var pattern in _patterns)
        {
            if (WildcardPattern.IsMatch(pattern.Pattern, model))
            {
                return pattern;
            }
        }

        return new RouteResolution
        {
            Outcome = ResolutionOutcome.NotFound,
            Name = model,
            ClosestMatch = NameSuggestions.Closest(model, ListedModels),
        };
    }

    private static ValueArray<string> Expand(RoutingConfig config, Dictionary<string, RouteConfig> routesByName, string route, FallbackKind kind) =>
        FallbackChain.Expand(route, kind, routesByName.GetValueOrDefault, config.Retry.DefaultFallbacks, config.Routes.Count);

    private static bool UsesFeature(RoutingConfig config, Upgrades.RequestFeature feature)
    {
        static bool Any(ValueArray<Upgrades.FeatureCondition> conditions, Upgrades.RequestFeature feature)
        {
            foreach (var condition in conditions)
            {
                if (condition.Feature == feature)
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var rule in config.UpgradeRules)
        {
            if (Any(rule.Conditions, feature))
            {
                return true;
            }
        }

        foreach (var ladder in config.Ladders)
        {
            foreach (var step in ladder.Steps)
            {
                if (Any(step.Conditions, feature))
                {
                    return true;
                }
            }
        }

        if (config.ModelRouter is { } router)
        {
            foreach (var rule in router.Rules)
            {
                if (Any(rule.Conditions, feature))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
