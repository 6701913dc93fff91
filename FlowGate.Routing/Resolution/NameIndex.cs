namespace FlowGate.Routing.Resolution;

/// <summary>Computes, once per config, the resolution of every exact name and every wildcard pattern.</summary>
internal sealed class NameIndex
{
    public NameIndex(RoutingConfig config, IReadOnlyList<RouteEntry> routes)
    {
        var routesByName = new Dictionary<string, RouteEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            routesByName.TryAdd(route.Name, route);
        }

        var upgradeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var listed = new List<string>();
        listed.AddRange(routes.Where(r => !r.Config.Hidden).Select(r => r.Name));
        foreach (var name in UpgradeNames(config))
        {
            if (upgradeNames.Add(name) && !listed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                listed.Add(name);
            }
        }

        var aliasTargets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in config.Aliases.Where(a => !a.IsPattern))
        {
            aliasTargets.TryAdd(alias.Name, alias.Target);
            if (!alias.Hidden)
            {
                listed.Add(alias.Name);
            }
        }

        RouteResolution ResolveFrom(string name, string? pattern)
        {
            bool IsTerminal(string n) => upgradeNames.Contains(n) || routesByName.ContainsKey(n);
            var walk = AliasResolver.Walk(name, n => aliasTargets.GetValueOrDefault(n), IsTerminal);
            if (walk.Status != AliasWalkStatus.Resolved)
            {
                throw new InvalidOperationException($"Alias '{name}' does not resolve; the validator should have rejected it.");
            }

            var isUpgrade = upgradeNames.Contains(walk.Terminal);
            var route = isUpgrade ? null : routesByName[walk.Terminal];
            return new RouteResolution
            {
                Outcome = isUpgrade ? ResolutionOutcome.Upgrade : ResolutionOutcome.Route,
                Name = route?.Name ?? upgradeNames.First(n => string.Equals(n, walk.Terminal, StringComparison.OrdinalIgnoreCase)),
                AliasChain = walk.Chain,
                Pattern = pattern,
                Route = route,
            };
        }

        foreach (var name in routesByName.Keys.Concat(upgradeNames).Concat(aliasTargets.Keys))
        {
            Exact.TryAdd(name, ResolveFrom(name, pattern: null));
        }

        Patterns = [.. config.Aliases
            .Where(a => a.IsPattern)
            .OrderBy(a => a.Name, Comparer<string>.Create(WildcardPattern.CompareSpecificity))
            .Select(a => ResolveFrom(a.Target, a.Name))];
        Listed = listed;
    }

    public Dictionary<string, RouteResolution> Exact { get; } = new(StringComparer.OrdinalIgnoreCase);

    public RouteResolution[] Patterns { get; }

    public IReadOnlyList<string> Listed { get; }

    private static IEnumerable<string> UpgradeNames(RoutingConfig config) =>
        config.UpgradeRules.Select(r => r.Name)
            .Concat(config.Ladders.Select(l => l.Name))
            .Concat(config.ModelRouter?.ActivationModels ?? default);
}
