using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>Where the gateway listens and whom it lets in.</summary>
public sealed record GatewaySettings
{
    /// <summary>Gets the listen host.</summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Gets the listen port.</summary>
    /// <value>The default value is 4000 for <c>flowgate.yaml</c>; <c>providers.toml</c> defaults to 8145.</value>
    public int Port { get; init; } = 4000;

    /// <summary>Gets the keys clients must present (Bearer or <c>x-api-key</c>); with none the gateway binds loopback only.</summary>
    public ValueArray<Secret> ApiKeys { get; init; }

    /// <summary>Gets the named keys (<c>gateway.keys.NAME</c>), each also a key clients may present, with an optional daily token budget.</summary>
    public ValueArray<GatewayKeySettings> NamedKeys { get; init; }

    /// <summary>Gets the UTC time of day at which daily key budgets start again (<c>budget_day_start = "HH:MM"</c>).</summary>
    /// <value>The default value is midnight UTC.</value>
    public TimeSpan BudgetDayStart { get; init; }

    /// <summary>Gets the largest request body accepted.</summary>
    /// <value>The default value is 32 MiB.</value>
    public long MaxRequestBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Gets the most request and answer body bytes held in memory at once, across all requests (beyond it: 503).</summary>
    /// <value>The default value is 256 MiB.</value>
    public long MaxBufferedBodyBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Gets the most requests served at once (streams included); beyond it a request gets 429 with <c>Retry-After: 1</c>.</summary>
    /// <value>The default value is 1,024.</value>
    public int MaxConcurrentRequests { get; init; } = 1024;

    /// <summary>Gets the HTTP proxy used for upstream calls (agent-cli's <c>proxy</c>), if any.</summary>
    public Uri? OutboundProxy { get; init; }
}
