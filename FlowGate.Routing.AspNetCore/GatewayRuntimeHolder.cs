using FlowGate.Routing.AspNetCore.Proxy;
using FlowGate.Routing.AspNetCore.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Holds the runtime in force and swaps it when the config source's token fires, or when the host's
/// <see cref="FlowGateOptions"/> change (their limits override the configuration's). A config the core rejects keeps the
/// last good runtime (the source should not publish one, but a source written in code might). Per-target state
/// survives reloads because it is keyed by target identity, not by ordinal.
/// </summary>
internal sealed partial class GatewayRuntimeHolder : IDisposable
{
    private readonly IGatewayConfigSource _source;
    private readonly IOptionsMonitor<FlowGateOptions>? _options;
    private readonly ILogger<GatewayRuntimeHolder> _logger;
    private readonly IDisposable _subscription;
    private readonly IDisposable? _optionsSubscription;
    private readonly Lock _reloadGate = new();
    private GatewayRuntime _current;
    private GatewayConfig _served;

    public GatewayRuntimeHolder(IGatewayConfigSource source, UpstreamClientPool clients, GatewayState state, ILogger<GatewayRuntimeHolder> logger, IOptionsMonitor<FlowGateOptions>? options = null)
    {
        _source = source;
        _options = options;
        _logger = logger;
        Clients = clients;
        State = state;
        _served = source.Current;
        _current = new GatewayRuntime(Effective(_served));
        Clients.OutboundProxy = _served.OutboundProxy;
        State.Adopt(_current.Table);
        _subscription = ChangeToken.OnChange(source.GetChangeToken, Reload);
        _optionsSubscription = options?.OnChange(_ => ReapplyOptions());
    }

    public GatewayRuntime Current => Volatile.Read(ref _current);

    public UpstreamClientPool Clients { get; }

    public GatewayState State { get; }

    public void Dispose()
    {
        _subscription.Dispose();
        _optionsSubscription?.Dispose();
    }

    private GatewayConfig Effective(GatewayConfig config) =>
        _options?.CurrentValue is { OverridesLimits: true } options ? config with { Limits = options.Apply(config.Limits) } : config;

    private void Reload()
    {
        var config = _source.Current;
        lock (_reloadGate)
        {
            if (ReferenceEquals(config, _served))
            {
                return;
            }

            if (Swap(config))
            {
                LogReloaded(config.Routing.Routes.Count, config.Routing.Upstreams.Count);
            }
        }
    }

    private void ReapplyOptions()
    {
        lock (_reloadGate)
        {
            Swap(_served);
        }
    }

    private bool Swap(GatewayConfig config)
    {
        try
        {
            var runtime = new GatewayRuntime(Effective(config));
            State.Adopt(runtime.Table);
            Volatile.Write(ref _current, runtime);
            _served = config;
            Clients.OutboundProxy = config.OutboundProxy;
            Clients.Retain(config.Routing.Upstreams);
            return true;
        }
        catch (Validation.RoutingConfigException e)
        {
            LogRejected(e.Errors.Count, string.Join("; ", e.Errors));
            return false;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Configuration reloaded: {Routes} routes, {Upstreams} upstreams")]
    private partial void LogReloaded(int routes, int upstreams);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Configuration rejected, keeping the last good one: {Count} error(s): {Errors}")]
    private partial void LogRejected(int count, string errors);
}
