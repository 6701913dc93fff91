using FlowGate.Routing.AspNetCore.Proxy;
using FlowGate.Routing.AspNetCore.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Holds the runtime in force and swaps it when the config source's token fires. A config the core rejects keeps the
/// last good runtime (the source should not publish one, but a source written in code might). Per-target state
/// survives reloads because it is keyed by target identity, not by ordinal.
/// </summary>
internal sealed partial class GatewayRuntimeHolder : IDisposable
{
    private readonly IGatewayConfigSource _source;
    private readonly ILogger<GatewayRuntimeHolder> _logger;
    private readonly IDisposable _subscription;
    private GatewayRuntime _current;

    public GatewayRuntimeHolder(IGatewayConfigSource source, UpstreamClientPool clients, GatewayState state, ILogger<GatewayRuntimeHolder> logger)
    {
        _source = source;
        _logger = logger;
        Clients = clients;
        State = state;
        _current = new GatewayRuntime(source.Current);
        State.Adopt(_current.Table);
        _subscription = ChangeToken.OnChange(source.GetChangeToken, Reload);
    }

    public GatewayRuntime Current => Volatile.Read(ref _current);

    public UpstreamClientPool Clients { get; }

    public GatewayState State { get; }

    public void Dispose() => _subscription.Dispose();

    private void Reload()
    {
        var config = _source.Current;
        if (ReferenceEquals(config, Current.Config))
        {
            return;
        }

        try
        {
            var runtime = new GatewayRuntime(config);
            State.Adopt(runtime.Table);
            Volatile.Write(ref _current, runtime);
            Clients.Retain(config.Routing.Upstreams);
            LogReloaded(config.Routing.Routes.Count, config.Routing.Upstreams.Count);
        }
        catch (Validation.RoutingConfigException e)
        {
            LogRejected(e.Errors.Count, string.Join("; ", e.Errors));
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Configuration reloaded: {Routes} routes, {Upstreams} upstreams")]
    private partial void LogReloaded(int routes, int upstreams);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Configuration rejected, keeping the last good one: {Count} error(s): {Errors}")]
    private partial void LogRejected(int count, string errors);
}
