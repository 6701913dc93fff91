using FlowGate.Config;

namespace FlowGate.Routing.AspNetCore.Configuration;

/// <summary>Maps a loaded configuration file to what the adapter serves by.</summary>
internal static class FileConfigMapping
{
    /// <summary>Takes the routes, the gateway keys, the limits and the outbound proxy of a loaded file.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <returns>The adapter's configuration.</returns>
    public static GatewayConfig Map(FlowGateConfig config) => new()
    {
        Routing = config.Routing,
        ApiKeys = config.Gateway.ApiKeys,
        NamedKeys = [.. config.Gateway.NamedKeys.Select(k => new GatewayKey { Name = k.Name, Key = k.Key, MaxDailyTokens = k.MaxDailyTokens })],
        BudgetDayStart = config.Gateway.BudgetDayStart,
        OutboundProxy = config.Gateway.OutboundProxy,
        Limits = GatewayLimits.Default with
        {
            MaxRequestBodyBytes = config.Gateway.MaxRequestBodyBytes,
            MaxBufferedBodyBytes = config.Gateway.MaxBufferedBodyBytes,
            MaxConcurrentRequests = config.Gateway.MaxConcurrentRequests,
            RequestTimeout = config.Resilience.RequestTimeout,
            FirstByteTimeout = config.Resilience.FirstByteTimeout,
            StreamIdleTimeout = config.Resilience.StreamIdleTimeout,
        },
    };
}
