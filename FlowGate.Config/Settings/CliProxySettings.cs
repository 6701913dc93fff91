namespace FlowGate.Config.Settings;

/// <summary>
/// The CLIProxyAPI keys agent-cli's generator writes for an instance: each the instance's value, else
/// <c>[global]</c>'s, else agent-cli's default; <see langword="null"/> means "not written".
/// </summary>
public sealed record CliProxySettings
{
    /// <summary>Gets the instance's listen host (<c>[global] host</c>).</summary>
    /// <value>The default value is <c>0.0.0.0</c>, agent-cli's.</value>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>Gets the proxy URL (<c>proxy</c>), empty for none.</summary>
    public string ProxyUrl { get; init; } = string.Empty;

    /// <summary>Gets <c>request_retry</c>.</summary>
    /// <value>The default value is 3.</value>
    public int RequestRetry { get; init; } = 3;

    /// <summary>Gets <c>max_retry_interval</c> in seconds.</summary>
    /// <value>The default value is 30.</value>
    public int MaxRetryInterval { get; init; } = 30;

    /// <summary>Gets <c>routing_strategy</c> (<c>round-robin</c> or <c>fill-first</c>).</summary>
    public string? RoutingStrategy { get; init; }

    /// <summary>Gets <c>disable_cooling</c>.</summary>
    public bool? DisableCooling { get; init; }

    /// <summary>Gets <c>nonstream_keepalive_interval</c> in seconds.</summary>
    public int? NonStreamKeepAliveInterval { get; init; }

    /// <summary>Gets the streaming heartbeat in seconds (<c>streaming.keepalive_seconds</c> or <c>streaming_keepalive_seconds</c>).</summary>
    public int? StreamingKeepAliveSeconds { get; init; }

    /// <summary>Gets the retries before the first byte (<c>streaming.bootstrap_retries</c> or <c>streaming_bootstrap_retries</c>).</summary>
    public int? StreamingBootstrapRetries { get; init; }

    /// <summary>Gets <c>quota_switch_project</c> (or <c>quota_exceeded.switch_project</c>).</summary>
    public bool? QuotaSwitchProject { get; init; }

    /// <summary>Gets <c>quota_switch_preview_model</c> (or <c>quota_exceeded.switch_preview_model</c>).</summary>
    public bool? QuotaSwitchPreviewModel { get; init; }

    /// <summary>Gets <c>request_log</c>.</summary>
    public bool? RequestLog { get; init; }

    /// <summary>Gets <c>logs_max_total_size_mb</c>.</summary>
    public int? LogsMaxTotalSizeMb { get; init; }
}
