using FlowGate.Config.Settings;
using FlowGate.Routing;
using FlowGate.Routing.Sessions;

namespace FlowGate.Config.Binding;

/// <summary>
/// FlowGate's own tables that both schemas write the same way: <c>gateway</c>, <c>integration</c>, <c>paths</c>,
/// <c>sticky</c>. Durations are written in seconds.
/// </summary>
internal static class HostTables
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Reads <c>gateway { host, port, api_keys, max_request_body_mb, request_timeout, first_byte_timeout, stream_idle_timeout, allowed_fails }</c>.</summary>
    public static (GatewaySettings Gateway, ResilienceSettings Resilience) ReadGateway(TableReader? table, GatewaySettings gateway, ResilienceSettings resilience, BindContext context)
    {
        if (table is null)
        {
            return (gateway, resilience);
        }

        var keys = new List<Secret>();
        foreach (var (text, position, path) in table.RawStrings("api_keys", allowSingle: true))
        {
            if (context.Secrets.Resolve(text, position, path) is { } key)
            {
                keys.Add(key);
            }
        }

        var bodyMb = table.Double("max_request_body_mb", 0.001, 4096);
        gateway = gateway with
        {
            Host = table.String("host") ?? gateway.Host,
            Port = table.Int("port", 1, 65535) ?? gateway.Port,
            ApiKeys = [.. gateway.ApiKeys, .. keys],
            MaxRequestBodyBytes = bodyMb is { } mb ? (long)(mb * 1024 * 1024) : gateway.MaxRequestBodyBytes,
        };
        resilience = resilience with
        {
            RequestTimeout = table.Duration("request_timeout", Second) ?? resilience.RequestTimeout,
            FirstByteTimeout = table.Duration("first_byte_timeout", Second) ?? resilience.FirstByteTimeout,
            StreamIdleTimeout = table.Duration("stream_idle_timeout", Second) ?? resilience.StreamIdleTimeout,
            AllowedFails = table.Int("allowed_fails", 0, 1000) ?? resilience.AllowedFails,
        };
        table.Finish();
        return (gateway, resilience);
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
    /// Reads <c>paths { runtime_dir, state_file, active_config, log_file, log_dir, auth_dir, cliproxy_binary }</c>, each
    /// resolved against the config file's directory.
    /// </summary>
    public static PathSettings ReadPaths(TableReader? table, BindContext context)
    {
        var defaults = new PathSettings();
        string? Optional(string key) => table?.String(key) is { } value ? context.ResolvePath(value) : null;
        var runtimeDir = Optional("runtime_dir") ?? context.ResolvePath(defaults.RuntimeDir);
        var logFile = Optional("log_file");
        var paths = new PathSettings
        {
            RuntimeDir = runtimeDir,
            StateFile = Optional("state_file") ?? Path.Combine(runtimeDir, "state.json"),
            ActiveConfig = Optional("active_config"),
            LogFile = logFile,
            LogDir = Optional("log_dir") ?? (logFile is not null ? Path.GetDirectoryName(logFile)! : context.ResolvePath(defaults.LogDir)),
            AuthDir = Optional("auth_dir") ?? context.ResolvePath(defaults.AuthDir),
            CliProxyBinary = Optional("cliproxy_binary"),
        };
        table?.Finish();
        return paths;
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
}
