using FlowGate.Routing.Resolution;

namespace FlowGate.Routing.Validation;

/// <summary>
/// Checks a <see cref="RoutingConfig"/> as a whole and reports every problem at once, each with its key path:
/// names that are empty, duplicated or unknown (with "did you mean"), weights below zero, routes with no
/// enabled target, alias and fallback cycles, and out-of-range limits.
/// </summary>
internal static partial class RoutingConfigValidator
{
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-length", "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    };

    /// <summary>Validates a configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>Every error found; empty when the configuration is usable.</returns>
    public static IReadOnlyList<ConfigError> Validate(RoutingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ErrorCollector();
        var upstreams = ValidateUpstreams(config, errors);
        var routes = ValidateRoutes(config, upstreams, errors);
        var upgradeNames = ValidateUpgrades(config, routes, errors);
        ValidateAliases(config, routes, upgradeNames, errors);
        ValidateFallbacks(config, routes, errors);
        ValidatePolicies(config, routes, errors);
        return errors.Errors;
    }

    private static HashSet<string> ValidateUpstreams(RoutingConfig config, ErrorCollector errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var upstream = config.Upstreams[i];
            var path = $"upstreams{ErrorCollector.Key(upstream.Name ?? string.Empty)}";
            errors.RequireName(path, upstream.Name, "an upstream name");
            if (!string.IsNullOrWhiteSpace(upstream.Name) && !names.Add(upstream.Name))
            {
                errors.Add(path, $"upstream '{upstream.Name}' is defined more than once.");
            }

            if (upstream.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(path + ".base_url", "must be an absolute http:// or https:// URL.");
            }

            ValidateHeaders(path + ".headers", upstream.Headers, errors);
        }

        return names;
    }

    private static HashSet<string> ValidateRoutes(RoutingConfig config, HashSet<string> upstreams, ErrorCollector errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in config.Routes)
        {
            var path = $"routes{ErrorCollector.Key(route.Name ?? string.Empty)}";
            errors.RequireName(path, route.Name, "a route name");
            if (!string.IsNullOrWhiteSpace(route.Name) && !names.Add(route.Name))
            {
                errors.Add(path, $"route '{route.Name}' is defined more than once.");
            }

            if (route.Name?.Contains('*', StringComparison.Ordinal) == true)
            {
                errors.Add(path, "a route name cannot contain '*'; use an alias pattern to match many names.");
            }

            if (route.Targets.IsEmpty)
            {
                errors.Add(path + ".targets", "a route needs at least one target.");
            }
            else if (!route.Targets.Any(t => t.Weight > 0))
            {
                errors.Add(path + ".targets", "every target has weight 0, so the route has no enabled target.");
            }

            for (var i = 0; i < route.Targets.Count; i++)
            {
                ValidateTarget($"{path}.targets[{i}]", route.Targets[i], upstreams, config, errors);
            }
        }

        return names;
    }

    private static void ValidateTarget(string path, TargetConfig target, HashSet<string> upstreams, RoutingConfig config, ErrorCollector errors)
    {
        errors.RequireName(path + ".model", target.Model, "the upstream model");
        if (!string.IsNullOrWhiteSpace(target.Upstream))
        {
            errors.RequireKnown(path + ".upstream", target.Upstream, "upstream", upstreams);
        }
        else
        {
            errors.Add(path + ".upstream", "a target must name its upstream.");
        }

        if (target.Weight < 0)
        {
            errors.Add(path + ".weight", $"must be 0 (disabled) or more, not {target.Weight}.");
        }

        if (target.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add(path + ".timeout", "must be longer than zero.");
        }

        errors.RequirePositive(path + ".rpm", target.RequestsPerMinute);
        errors.RequirePositive(path + ".tpm", target.TokensPerMinute);
        var p = target.Params;
        errors.RequirePositive(path + ".params.thinking_budget_max", p.ThinkingBudgetMax);
        errors.RequirePositive(path + ".params.max_tokens_max", p.MaxTokensMax);
        errors.RequirePositive(path + ".params.max_tokens_default", p.MaxTokensDefault);
        if (p.ReasoningEffort is { } effort && config.EffortTable.BudgetFor(effort) is null)
        {
            var known = config.EffortTable.EffortToBudget.Select(s => s.Effort).ToList();
            errors.Add(path + ".params.reasoning_effort", $"unknown effort '{effort}'{NameSuggestions.DidYouMeanSuffix(effort, known)}; known: {string.Join(", ", known)}.");
        }

        ValidateHeaders(path + ".params.extra_headers", p.ExtraHeaders, errors);
    }

    private static void ValidateHeaders(string path, ValueArray<HttpHeader> headers, ErrorCollector errors)
    {
        foreach (var header in headers)
        {
            var headerPath = path + ErrorCollector.Key(header.Name ?? string.Empty);
            if (string.IsNullOrWhiteSpace(header.Name) || ForbiddenHeaders.Contains(header.Name))
            {
                errors.Add(headerPath, "this header cannot be set (empty, host, content-length or hop-by-hop).");
            }

            if ($"{header.Name}{header.Value}".AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                errors.Add(headerPath, "header names and values cannot contain CR, LF or NUL.");
            }
        }
    }

    private static void ValidateAliases(RoutingConfig config, HashSet<string> routes, HashSet<string> upgradeNames, ErrorCollector errors)
    {
        var exact = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var known = new List<string>(routes.Concat(upgradeNames));
        foreach (var alias in config.Aliases)
        {
            var path = $"aliases{ErrorCollector.Key(alias.Name ?? string.Empty)}";
            errors.RequireName(path, alias.Name, "an alias name");
            errors.RequireName(path + ".target", alias.Target, "an alias target");
            if (string.IsNullOrWhiteSpace(alias.Name) || string.IsNullOrWhiteSpace(alias.Target))
            {
                continue;
            }

            if (routes.Contains(alias.Name) || upgradeNames.Contains(alias.Name))
            {
                errors.Add(path, $"'{alias.Name}' is already a route or upgrade name; an alias cannot shadow it.");
            }
            else if (!alias.IsPattern && !exact.TryAdd(alias.Name, alias.Target))
            {
                errors.Add(path, $"alias '{alias.Name}' is defined more than once.");
            }

            known.Add(alias.Name);
        }

        bool IsTerminal(string name) => routes.Contains(name) || upgradeNames.Contains(name);
        foreach (var alias in config.Aliases)
        {
            if (string.IsNullOrWhiteSpace(alias.Name) || string.IsNullOrWhiteSpace(alias.Target))
            {
                continue;
            }

            var path = $"aliases{ErrorCollector.Key(alias.Name)}.target";
            // Exact aliases are walked from their own name so that a cycle reads from where it starts.
            var walk = AliasResolver.Walk(alias.IsPattern ? alias.Target : alias.Name, n => exact.GetValueOrDefault(n), IsTerminal);
            if (walk.Status == AliasWalkStatus.Unknown)
            {
                errors.Add(path, $"'{walk.Terminal}' is not a route, upgrade name or alias{NameSuggestions.DidYouMeanSuffix(walk.Terminal, known)}.");
            }
            else if (walk.Status == AliasWalkStatus.Cycle)
            {
                errors.Add(path, $"alias cycle: {string.Join(" -> ", walk.Chain)} -> {walk.Terminal}.");
            }
        }
    }

    private static void ValidatePolicies(RoutingConfig config, HashSet<string> routes, ErrorCollector errors)
    {
        if (config.Retry.MaxAttempts < 1)
        {
            errors.Add("retry.max_attempts", $"must be at least 1, not {config.Retry.MaxAttempts}.");
        }

        for (var i = 0; i < config.Retry.DefaultFallbacks.Count; i++)
        {
            errors.RequireKnown($"retry.default_fallbacks[{i}]", config.Retry.DefaultFallbacks[i], "route", routes);
        }

        if (config.Sticky.Capacity < 1)
        {
            errors.Add("sticky.capacity", $"must be at least 1, not {config.Sticky.Capacity}.");
        }

        if (config.Sticky.Ttl <= TimeSpan.Zero)
        {
            errors.Add("sticky.ttl", "must be longer than zero.");
        }
    }
}
