using FlowGate.Config.Binding;
using FlowGate.Config.Settings;
using FlowGate.Routing.Failures;

namespace FlowGate.Config.Providers;

/// <summary>
/// <c>[global]</c> of <c>providers.toml</c>: the balancer's listen address, the CLIProxyAPI defaults every instance
/// inherits, and agent-cli's <c>lb_*</c> keys, read as agent-cli's generator read them (same names, same defaults).
/// </summary>
internal sealed record GlobalSection
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    public GatewaySettings Gateway { get; init; } = new() { Port = 8145 };

    public ResilienceSettings Resilience { get; init; } = new();

    public CliProxySettings InstanceDefaults { get; init; } = new();

    public FailurePolicy Failures { get; init; } = FailurePolicy.Default;

    /// <summary>Gets <c>lb_max_target_retries</c> + 1, when written.</summary>
    public int? MaxAttempts { get; init; }

    public AutoUpgradeSettings AutoUpgrade { get; init; } = new();

    public static GlobalSection Read(TableReader? global, BindContext context)
    {
        if (global is null)
        {
            return new GlobalSection();
        }

        var host = global.String("host");
        var proxy = global.String("proxy") ?? string.Empty;
        Uri? proxyUri = null;
        if (proxy.Length > 0 && !Uri.TryCreate(proxy, UriKind.Absolute, out proxyUri))
        {
            global.Error("proxy", "must be an absolute URL such as http://127.0.0.1:7890.");
        }

        var defaults = CliProxySettingsReader.Read(global, new CliProxySettings { Host = host ?? "0.0.0.0", ProxyUrl = proxy });
        var failures = ReadFailures(global);
        var retries = global.Int("lb_max_target_retries", 0, 100);
        var resilience = new ResilienceSettings { RetryAuthOn5xx = global.Bool("lb_retry_auth_on_5xx", true) };

        // The balancer itself listens on main_port. The seed bound it to [global] host (0.0.0.0); FlowGate binds
        // loopback unless gateway keys are set, so host is only honoured for the instances and [gateway] host.
        var gateway = new GatewaySettings { Port = global.Int("main_port", 1, 65535) ?? 8145, OutboundProxy = proxyUri };
        var autoUpgrade = AutoUpgradeSettings.Read(global, context);
        return new GlobalSection
        {
            Gateway = gateway,
            Resilience = resilience,
            InstanceDefaults = defaults,
            Failures = failures,
            MaxAttempts = retries + 1,
            AutoUpgrade = autoUpgrade,
        };
    }

    private static FailurePolicy ReadFailures(TableReader global)
    {
        var policy = FailurePolicy.Default;
        var quota = global.Duration("lb_quota_cooldown_ms", Millisecond);
        var validation = global.Duration("lb_validation_cooldown_ms", Millisecond);
        if (quota is { } q && validation is { } v && q != v)
        {
            global.Warning("lb_validation_cooldown_ms", "FlowGate has one cool-down for quota and validation-required auth failures; the longer of lb_quota_cooldown_ms and lb_validation_cooldown_ms is used.");
        }

        if (global.Has("lb_signature_cooldown_ms"))
        {
            global.Warning("lb_signature_cooldown_ms", "ignored: FlowGate does not cool a target down after a signature error; it retries once where the signature was made.");
        }

        return policy with
        {
            AuthCooldown = global.Duration("lb_auth_cooldown_ms", Millisecond) ?? policy.AuthCooldown,
            AuthQuotaCooldown = Max(quota, validation) ?? policy.AuthQuotaCooldown,
            TransientCooldown = global.Duration("lb_transient_cooldown_ms", Millisecond) ?? policy.TransientCooldown,
            RateLimitCooldown = global.Duration("lb_transient_heavy_cooldown_ms", Millisecond) ?? policy.RateLimitCooldown,
        };
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
