using FlowGate.Config.Settings;
using FlowGate.Routing;
using FlowGate.Routing.Failures;
using FlowGate.Routing.Rewriting;
using FlowGate.Routing.Sessions;

namespace FlowGate.Config.Binding;

/// <summary>
/// FlowGate's own tables that both schemas write the same way: <c>gateway</c>, <c>integration</c>, <c>paths</c>,
/// <c>state</c>, <c>sticky</c>, <c>failures</c>, <c>effort_table</c>. Durations are written in seconds.
/// </summary>
internal static class HostTables
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Reads <c>gateway { host, port, api_keys, keys, budget_day_start, max_request_body_mb, max_buffered_body_mb, request_timeout, first_byte_timeout, stream_idle_timeout, allowed_fails }</c>;
    /// <c>allowed_fails</c> there is the failure policy's, kept where earlier configs wrote it.
    /// </summary>
    public static (GatewaySettings Gateway, ResilienceSettings Resilience, int? AllowedFails) ReadGateway(TableReader? table, GatewaySettings gateway, ResilienceSettings resilience, BindContext context)
    {
        if (table is null)
        {
            return (gateway, resilience, null);
        }

        var keys = new List<Secret>();
        foreach (var (text, position, path) in table.RawStrings("api_keys", allowSingle: true))
        {
            if (context.Secrets.Resolve(text, position, path) is { } key)
            {
                keys.Add(key);
            }
        }

        var named = ReadNamedKeys(table.Child("keys"), context);
        var dayStart = ReadDayStart(table);
        var bodyMb = table.Double("max_request_body_mb", 0.001, 4096);
        var bufferedMb = table.Double("max_buffered_body_mb", 1, 1024 * 1024);
        gateway = gateway with
        {
            Host = table.String("host") ?? gateway.Host,
            Port = table.Int("port", 1, 65535) ?? gateway.Port,
            ApiKeys = [.. gateway.ApiKeys, .. keys],
            NamedKeys = [.. gateway.NamedKeys, .. named],
            BudgetDayStart = dayStart ?? gateway.BudgetDayStart,
            MaxRequestBodyBytes = bodyMb is { } mb ? (long)(mb * 1024 * 1024) : gateway.MaxRequestBodyBytes,
            MaxBufferedBodyBytes = bufferedMb is { } total ? (long)(total * 1024 * 1024) : gateway.MaxBufferedBodyBytes,
            MaxConcurrentRequests = table.Int("max_concurrent_requests", 1, 1_000_000) ?? gateway.MaxConcurrentRequests,
        };
        resilience = resilience with
        {
            RequestTimeout = table.Duration("request_timeout", Second) ?? resilience.RequestTimeout,
            FirstByteTimeout = table.Duration("first_byte_timeout", Second) ?? resilience.FirstByteTimeout,
            StreamIdleTimeout = table.Duration("stream_idle_timeout", Second) ?? resilience.StreamIdleTimeout,
        };
        var allowedFails = table.Int("allowed_fails", 0, 1000);
        table.Finish();
        return (gateway, resilience, allowedFails);
    }

    /// <summary>
    /// Reads <c>gateway.keys { NAME = { key, max_daily_tokens } }</c>. A name is what usage is recorded under, so it must
    /// not look like the position names unnamed keys get (<c>key-1</c>, ...) nor be <c>-</c> (no key).
    /// </summary>
    private static List<GatewayKeySettings> ReadNamedKeys(TableReader? table, BindContext context)
    {
        var result = new List<GatewayKeySettings>();
        if (table is null)
        {
            return result;
        }

        foreach (var entry in table.Table.Entries)
        {
            var name = entry.Key;
            // Not a table: Child has reported it.
            if (table.Child(name) is not { } key)
            {
                continue;
            }

            if (!IsKeyName(name))
            {
                table.Error(name, "a key name is 1 to 64 letters, digits, '.', '_' or '-', and not 'key-N' (the name an unnamed key in api_keys gets).");
            }

            var written = key.RawString("key");
            if (written is null)
            {
                key.Error("key", "is required: the key clients present (os.environ/VAR, ${VAR} or the value).");
            }

            var secret = written is null ? null : context.Secrets.Resolve(written, key.PositionOf("key"), key.PathOf("key"));
            var budget = key.Long("max_daily_tokens", 1);
            key.Finish();
            if (secret is not null)
            {
                result.Add(new GatewayKeySettings { Name = name, Key = secret, MaxDailyTokens = budget });
            }
        }

        table.Finish();
        return result;
    }

    private static bool IsKeyName(string name) =>
        name.Length is > 0 and <= 64
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
        && !(name.StartsWith("key-", StringComparison.Ordinal) && name.Length > 4 && name.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0)
        && name != "-";

    /// <summary>Reads <c>budget_day_start = "HH:MM"</c> (UTC): when daily key budgets start again.</summary>
    private static TimeSpan? ReadDayStart(TableReader table)
    {
        if (table.String("budget_day_start") is not { } text)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return time.ToTimeSpan();
        }

        table.Error("budget_day_start", $"must be a UTC time of day written HH:MM (for example \"00:00\" or \"07:30\"), not '{text}'.");
        return null;
    }

    /// <summary>Reads <c>integration { default_model, fast_model, opus_model, sonnet_model, haiku_model }</c>.</summary>
    public static IntegrationSettings ReadIntegration(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            return new IntegrationSettings();
        }

        var result = new IntegrationSettings
        {
            DefaultModel = table.String("default_model") ?? new IntegrationSettings().DefaultModel,
            FastModel = table.String("fast_model"),
            OpusModel = table.String("opus_model"),
            SonnetModel = table.String("sonnet_model"),
            HaikuModel = table.String("haiku_model"),
        };
        foreach (var key in (ReadOnlySpan<string>)["default_model", "fast_model", "opus_model", "sonnet_model", "haiku_model"])
        {
            if (table.Has(key))
            {
                context.Map.Record("integration." + key, table.PositionOf(key), table.PathOf(key));
            }
        }

        table.Finish();
        return result;
    }

    /// <summary>
    /// Reads <c>paths { runtime_dir, state_file, usage_ledger, active_config, log_file, log_dir, auth_dir, cliproxy_binary }</c>, each
    /// resolved against the config file's directory.
    /// </summary>
    public static PathSettings ReadPaths(TableReader? table, BindContext context)
    {
        var defaults = new PathSettings();
        string? Optional(string key) => table?.String(key) is { } value ? context.ResolvePath(value) : null;
        var runtimeDir = Optional("runtime_dir") ?? context.ResolvePath(defaults.RuntimeDir);
        var logFile = Optional("log_file");
        var stateFile = Optional("state_file") ?? Path.Combine(runtimeDir, "state.json");
        var paths = new PathSettings
        {
            RuntimeDir = runtimeDir,
            StateFile = stateFile,
            UsageLedger = Optional("usage_ledger") ?? Path.Combine(Path.GetDirectoryName(stateFile) ?? runtimeDir, "usage.db"),
            ActiveConfig = Optional("active_config"),
            LogFile = logFile,
            LogDir = Optional("log_dir") ?? (logFile is not null ? Path.GetDirectoryName(logFile)! : context.ResolvePath(defaults.LogDir)),
            AuthDir = Optional("auth_dir") ?? context.ResolvePath(defaults.AuthDir),
            CliProxyBinary = Optional("cliproxy_binary"),
        };
        table?.Finish();
        return paths;
    }

    /// <summary>Reads <c>state { redis, redis_password }</c>: the Redis the gateway replicas share their routing state through.</summary>
    public static StateSettings ReadState(TableReader? table, BindContext context)
    {
        if (table is null)
        {
            return new StateSettings();
        }

        var redis = table.String("redis");
        if (redis is not null && StateSettings.CheckEndpoints(redis) is { } problem)
        {
            table.Error("redis", problem);
            redis = null;
        }

        Secret? password = null;
        if (table.RawString("redis_password") is { } written)
        {
            password = context.Secrets.Resolve(written, table.PositionOf("redis_password"), table.PathOf("redis_password"));
        }

        table.Finish();
        return new StateSettings { Redis = redis, RedisPassword = password };
    }

    /// <summary>Reads <c>sticky { enabled, ttl (seconds), capacity }</c>.</summary>
    public static StickyPolicy ReadSticky(TableReader? table)
    {
        if (table is null)
        {
            return StickyPolicy.Default;
        }

        var result = new StickyPolicy
        {
            Enabled = table.Bool("enabled", StickyPolicy.Default.Enabled),
            Ttl = table.Duration("ttl", Second, TimeSpan.FromDays(365)) ?? StickyPolicy.Default.Ttl,
            Capacity = table.Int("capacity", 1, 10_000_000) ?? StickyPolicy.Default.Capacity,
        };
        table.Finish();
        return result;
    }

    /// <summary>
    /// Reads <c>failures { auth_cooldown, auth_quota_cooldown, transient_cooldown, max_transient_cooldown, max_cooldown
    /// (or max_retry_after), allowed_fails, allowed_fails_window, probe_lease, backoff_base, backoff_max, failure_streak_window }</c> (durations in
    /// seconds) over the values the schema's own keys gave. <c>rate_limit_cooldown</c> is accepted and ignored with a
    /// warning: a rate limit without a retry hint counts as a transient failure.
    /// </summary>
    public static FailurePolicy ReadFailures(TableReader? table, FailurePolicy inherited)
    {
        if (table is null)
        {
            return inherited;
        }

        var result = inherited with
        {
            AuthCooldown = table.Duration("auth_cooldown", Second) ?? inherited.AuthCooldown,
            AuthQuotaCooldown = table.Duration("auth_quota_cooldown", Second) ?? inherited.AuthQuotaCooldown,
            TransientCooldown = table.Duration("transient_cooldown", Second) ?? inherited.TransientCooldown,
            MaxTransientCooldown = table.Duration("max_transient_cooldown", Second) ?? inherited.MaxTransientCooldown,
            MaxRetryAfter = table.Duration("max_cooldown", Second) ?? table.Duration("max_retry_after", Second) ?? inherited.MaxRetryAfter,
            AllowedFails = table.Int("allowed_fails", 0, 1000) ?? inherited.AllowedFails,
            AllowedFailsWindow = table.Duration("allowed_fails_window", Second) ?? inherited.AllowedFailsWindow,
            ProbeLease = table.Duration("probe_lease", Second) ?? inherited.ProbeLease,
            BackoffBase = table.Duration("backoff_base", Second) ?? inherited.BackoffBase,
            BackoffMax = table.Duration("backoff_max", Second) ?? inherited.BackoffMax,
            FailureStreakWindow = table.Duration("failure_streak_window", Second) ?? inherited.FailureStreakWindow,
        };
        if (table.Has("max_cooldown") && table.Has("max_retry_after"))
        {
            table.Error("max_retry_after", "is the old name of max_cooldown; keep one of the two.");
        }

        if (table.Has("rate_limit_cooldown"))
        {
            table.Warning("rate_limit_cooldown", "ignored: a rate limit without Retry-After counts as a transient failure (allowed_fails, then transient_cooldown doubled per ejection).");
        }

        table.Finish();
        return result;
    }

    /// <summary>
    /// Reads <c>effort_table { budget_to_effort = { none = 0, minimal = 512, … }, above = "xhigh", effort_to_budget = { … } }</c>:
    /// the budget ↔ effort mapping the target params use. Budgets in <c>budget_to_effort</c> must rise.
    /// </summary>
    public static ThinkingEffortTable ReadEffortTable(TableReader? table)
    {
        var defaults = ThinkingEffortTable.Default;
        if (table is null)
        {
            return defaults;
        }

        var budgetToEffort = Steps(table.Child("budget_to_effort"), ascending: true);
        var effortToBudget = Steps(table.Child("effort_to_budget"), ascending: false);
        var result = new ThinkingEffortTable
        {
            BudgetToEffort = budgetToEffort ?? defaults.BudgetToEffort,
            AboveAllEffort = table.String("above") ?? defaults.AboveAllEffort,
            EffortToBudget = effortToBudget ?? defaults.EffortToBudget,
        };
        table.Finish();
        return result;
    }

    private static ValueArray<EffortStep>? Steps(TableReader? table, bool ascending)
    {
        if (table is null)
        {
            return null;
        }

        var steps = new List<EffortStep>();
        foreach (var entry in table.Table.Entries)
        {
            if (table.Int(entry.Key, 0) is not { } budget)
            {
                continue;
            }

            if (ascending && steps.Count > 0 && budget <= steps[^1].MaxBudget)
            {
                table.Error(entry.Key, $"budgets must rise from one effort to the next; {budget} is not above {steps[^1].MaxBudget} ('{steps[^1].Effort}').");
            }

            steps.Add(new EffortStep(entry.Key, budget));
        }

        table.Finish();
        return [.. steps];
    }
}
