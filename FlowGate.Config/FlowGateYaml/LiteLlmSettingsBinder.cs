using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Config.Settings;
using FlowGate.Routing;

namespace FlowGate.Config.FlowGateYaml;

/// <summary>
/// Reads LiteLLM's <c>router_settings</c> and <c>litellm_settings</c> (inside <c>litellm_base</c>, merged with the active
/// profile) into the selection policy, aliases, retry policy, cool-downs, timeouts and fallback chains.
/// </summary>
internal sealed class LiteLlmSettingsBinder
{
    /// <summary>LiteLLM's strategies FlowGate implements.</summary>
    private static readonly Dictionary<string, SelectionPolicy> Strategies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["simple-shuffle"] = SelectionPolicy.Weighted,
        ["weighted"] = SelectionPolicy.Weighted,
        ["least-busy"] = SelectionPolicy.LeastBusy,
        ["round-robin"] = SelectionPolicy.RoundRobin,
        ["first"] = SelectionPolicy.First,
        ["usage-based"] = SelectionPolicy.UsageBased,
        ["usage-based-routing"] = SelectionPolicy.UsageBased,
        ["usage-based-routing-v2"] = SelectionPolicy.UsageBased,
    };

    /// <summary>LiteLLM's strategies FlowGate does not implement; they fall back to weighted with a warning.</summary>
    private static readonly string[] UnsupportedStrategies =
        ["latency-based-routing", "cost-based-routing"];

    /// <summary><c>router_settings</c> keys LiteLLM honours that have no effect in FlowGate and are harmless to ignore.</summary>
    internal static readonly string[] RouterNoOps = ["enable_pre_call_checks", "debug_level", "set_verbose"];

    /// <summary><c>litellm_settings</c> keys LiteLLM honours that have no effect in FlowGate and are harmless to ignore.</summary>
    internal static readonly string[] LiteLlmNoOps = ["drop_params", "set_verbose", "json_logs", "telemetry", "turn_off_message_logging"];

    /// <summary><c>router_settings</c> keys LiteLLM also accepts there, which FlowGate reads from <c>litellm_settings</c> only.</summary>
    private static readonly string[] MovedToLiteLlmSettings =
        ["num_retries", "timeout", "fallbacks", "context_window_fallbacks", "default_fallbacks"];

    /// <summary>
    /// <c>allowed_fails_policy</c> entries that count the failures FlowGate counts (transient ones, and rate limits
    /// without a retry hint). FlowGate keeps one count per target, so the smallest of those written applies.
    /// </summary>
    private static readonly string[] CountedFailPolicies =
        ["InternalServerErrorAllowedFails", "TimeoutErrorAllowedFails", "RateLimitErrorAllowedFails"];

    /// <summary><c>allowed_fails_policy</c> entries with no counterpart: these failures never count in FlowGate.</summary>
    private static readonly string[] UncountedFailPolicies =
        ["BadRequestErrorAllowedFails", "AuthenticationErrorAllowedFails", "ContentPolicyViolationErrorAllowedFails"];

    private readonly BindContext _context;

    private LiteLlmSettingsBinder(BindContext context) => _context = context;

    public SelectionPolicy Policy { get; private set; } = SelectionPolicy.Weighted;

    public List<AliasConfig> Aliases { get; } = [];

    public int? NumRetries { get; private set; }

    public TimeSpan? RequestTimeout { get; private set; }

    public int? AllowedFails { get; private set; }

    public TimeSpan? Cooldown { get; private set; }

    public Dictionary<string, List<string>> Fallbacks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, List<string>> ContextWindowFallbacks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ValueArray<string> DefaultFallbacks { get; private set; }

    /// <summary>Gets the Redis the replicas share their state through (<c>redis_host</c>, <c>redis_port</c>, <c>redis_password</c>).</summary>
    public StateSettings State { get; private set; } = new();

    /// <summary>Reads both tables; <paramref name="routes"/> are the route names of <c>model_list</c>, canonical spelling.</summary>
    public static LiteLlmSettingsBinder Read(TableReader? router, TableReader? litellm, IReadOnlyList<string> routes, BindContext context)
    {
        var binder = new LiteLlmSettingsBinder(context);
        if (router is not null)
        {
            binder.ReadRouter(router);
        }

        if (litellm is not null)
        {
            binder.ReadLiteLlm(litellm, routes);
        }

        return binder;
    }

    private void ReadRouter(TableReader r)
    {
        r.Accept(RouterNoOps);
        if (r.String("routing_strategy") is { } strategy)
        {
            if (Strategies.TryGetValue(strategy, out var policy))
            {
                Policy = policy;
            }
            else if (UnsupportedStrategies.Contains(strategy, StringComparer.OrdinalIgnoreCase))
            {
                r.Warning("routing_strategy", $"'{strategy}' is not supported; using weighted (simple-shuffle).");
            }
            else
            {
                var known = Strategies.Keys.Concat(UnsupportedStrategies).ToList();
                r.Error("routing_strategy", $"unknown routing strategy '{strategy}'{NameSuggestions.DidYouMeanSuffix(strategy, known)}; expected one of: {string.Join(", ", Strategies.Keys)}.");
            }
        }

        AllowedFails = r.Int("allowed_fails", 0, 1000);
        Cooldown = r.Duration("cooldown_time", TimeSpan.FromSeconds(1));
        ReadRedis(r);
        if (r.Child("allowed_fails_policy") is { } failsPolicy)
        {
            ReadAllowedFailsPolicy(failsPolicy);
        }

        foreach (var key in MovedToLiteLlmSettings)
        {
            if (r.Has(key))
            {
                var target = key == "timeout" ? "request_timeout" : key;
                r.Error(key, $"FlowGate reads this from litellm_settings; move it there (as litellm_settings.{target}).");
            }
        }

        if (r.Child("model_group_alias") is { } aliases)
        {
            foreach (var name in aliases.Table.Keys.ToList())
            {
                ReadAlias(aliases, name);
            }

            aliases.Finish();
        }

        r.Finish();
    }

    // LiteLLM's shared-state keys: a host, a port (6379 unless written) and a password (os.environ/VAR as elsewhere).
    private void ReadRedis(TableReader r)
    {
        var host = r.String("redis_host");
        var port = r.Int("redis_port", 1, 65535);
        Secret? password = null;
        if (r.RawString("redis_password") is { } written)
        {
            password = _context.Secrets.Resolve(written, r.PositionOf("redis_password"), r.PathOf("redis_password"));
        }

        if (host is null)
        {
            foreach (var key in (string[])["redis_port", "redis_password"])
            {
                if (r.Has(key))
                {
                    r.Error(key, "has no effect without router_settings.redis_host.");
                }
            }

            return;
        }

        var endpoint = $"{host}:{(port ?? 6379).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (StateSettings.CheckEndpoints(endpoint) is { } problem)
        {
            r.Error("redis_host", problem);
            return;
        }

        State = new StateSettings { Redis = endpoint, RedisPassword = password };
    }

    private void ReadAlias(TableReader aliases, string name)
    {
        var corePath = "aliases" + RoutingTables.Key(name);
        string? target;
        var hidden = false;
        SourcePosition targetPosition;
        string targetPath;
        if (aliases.Node(name) is ConfigTable)
        {
            var entry = aliases.Child(name)!;
            target = entry.RequiredString("model");
            hidden = entry.Bool("hidden", false);
            targetPosition = entry.PositionOf("model");
            targetPath = entry.PathOf("model");
            entry.Finish();
        }
        else
        {
            target = aliases.String(name);
            targetPosition = aliases.PositionOf(name);
            targetPath = aliases.PathOf(name);
            if (target is null && aliases.Node(name) is ConfigScalar { Kind: ScalarKind.Null })
            {
                aliases.Error(name, "must name a route, not null.");
            }
        }

        if (target is not null)
        {
            Aliases.Add(new AliasConfig { Name = name, Target = target, Hidden = hidden });
            aliases.Table.TryGetEntry(name, out var written);
            _context.Map.Record(corePath, written!.KeyPosition, aliases.PathOf(name));
            _context.Map.Record(corePath + ".target", targetPosition, targetPath);
        }
    }

    private void ReadLiteLlm(TableReader s, IReadOnlyList<string> routes)
    {
        s.Accept(LiteLlmNoOps);
        NumRetries = s.Int("num_retries", 0, 100);
        if (NumRetries is not null)
        {
            _context.Map.Record("retry.max_attempts", s.PositionOf("num_retries"), s.PathOf("num_retries"));
        }

        RequestTimeout = s.Duration("request_timeout", TimeSpan.FromSeconds(1));
        if (RequestTimeout == TimeSpan.Zero)
        {
            s.Error("request_timeout", "must be longer than zero.");
            RequestTimeout = null;
        }

        AllowedFails = s.Int("allowed_fails", 0, 1000) ?? AllowedFails;
        Cooldown = s.Duration("cooldown_time", TimeSpan.FromSeconds(1)) ?? Cooldown;
        ReadChains(s, "fallbacks", "fallbacks", Fallbacks, routes);
        ReadChains(s, "context_window_fallbacks", "context_window_fallbacks", ContextWindowFallbacks, routes);
        if (s.Array("default_fallbacks") is { } defaults)
        {
            var names = new List<string>();
            foreach (var (value, position, path) in StringItems(s.PathOf("default_fallbacks"), defaults))
            {
                _context.Map.Record($"retry.default_fallbacks[{names.Count}]", position, path);
                names.Add(value);
            }

            DefaultFallbacks = [.. names];
        }

        s.Finish();
    }

    /// <summary>
    /// Reads LiteLLM's <c>allowed_fails_policy</c> where it maps: the counted classes set <c>allowed_fails</c> (the
    /// smallest written, with a warning when they differ); the others are accepted with a warning.
    /// </summary>
    private void ReadAllowedFailsPolicy(TableReader policy)
    {
        int? smallest = null;
        var differ = false;
        foreach (var key in CountedFailPolicies)
        {
            if (policy.Int(key, 0, 1_000_000) is { } value)
            {
                differ |= smallest is { } seen && seen != value;
                smallest = smallest is { } s ? Math.Min(s, value) : value;
            }
        }

        if (differ)
        {
            policy.Warning(CountedFailPolicies.First(policy.Has), "FlowGate counts timeouts, server errors and rate limits without Retry-After together; the smallest allowance is used.");
        }

        foreach (var key in UncountedFailPolicies)
        {
            if (policy.Has(key))
            {
                policy.Warning(key, "ignored: auth failures eject a target at once and client errors never count against it.");
            }
        }

        policy.Finish();
        AllowedFails = smallest is { } allowed ? Math.Min(allowed, 1000) : AllowedFails;
    }

    /// <summary>Reads <c>[{"a": ["b", "c"]}, …]</c>: each item maps routes to the routes tried after them.</summary>
    private void ReadChains(TableReader s, string key, string coreKey, Dictionary<string, List<string>> chains, IReadOnlyList<string> routes)
    {
        if (s.Array(key) is not { } items)
        {
            return;
        }

        var listPath = s.PathOf(key);
        for (var k = 0; k < items.Items.Count; k++)
        {
            var itemPath = KeyPath.Index(listPath, k);
            if (items.Items[k] is not ConfigTable item)
            {
                _context.Diagnostics.Error(items.Items[k].Position, itemPath, $"must be a table like {{\"route\": [\"fallback\", …]}}, not {items.Items[k].Describe()}.");
                continue;
            }

            foreach (var entry in item.Entries)
            {
                var entryPath = KeyPath.Child(itemPath, entry.Key);
                var route = routes.FirstOrDefault(r => string.Equals(r, entry.Key, StringComparison.OrdinalIgnoreCase));
                if (route is null)
                {
                    _context.Diagnostics.Error(entry.KeyPosition, entryPath, $"unknown route '{entry.Key}'{NameSuggestions.DidYouMeanSuffix(entry.Key, routes)}.");
                    continue;
                }

                IEnumerable<(string, SourcePosition, string)> values = entry.Value switch
                {
                    ConfigScalar { Kind: ScalarKind.String, Value: string single } => [(single, entry.Value.Position, entryPath)],
                    ConfigArray array => StringItems(entryPath, array),
                    _ => Invalid(entry.Value, entryPath),
                };
                if (!chains.TryGetValue(route, out var chain))
                {
                    chains[route] = chain = [];
                    _context.Map.Record($"{ModelListBinder.RoutePath(route)}.{coreKey}", entry.KeyPosition, entryPath);
                }

                foreach (var (value, position, path) in values)
                {
                    _context.Map.Record($"{ModelListBinder.RoutePath(route)}.{coreKey}[{chain.Count}]", position, path);
                    chain.Add(value);
                }
            }
        }
    }

    private IEnumerable<(string, SourcePosition, string)> Invalid(ConfigNode node, string path)
    {
        _context.Diagnostics.Error(node.Position, path, $"must be a list of route names, not {node.Describe()}.");
        return [];
    }

    private List<(string Value, SourcePosition Position, string Path)> StringItems(string path, ConfigArray array)
    {
        var result = new List<(string, SourcePosition, string)>();
        for (var i = 0; i < array.Items.Count; i++)
        {
            var itemPath = KeyPath.Index(path, i);
            if (array.Items[i] is ConfigScalar { Kind: ScalarKind.String, Value: string value })
            {
                result.Add((value, array.Items[i].Position, itemPath));
            }
            else
            {
                _context.Diagnostics.Error(array.Items[i].Position, itemPath, $"must be a route name (a string), not {array.Items[i].Describe()}.");
            }
        }

        return result;
    }
}
