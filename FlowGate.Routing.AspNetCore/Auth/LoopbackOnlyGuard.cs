using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowGate.Routing.AspNetCore.Auth;

/// <summary>
/// Checks, once the server has bound, whether FlowGate runs without keys on a non-loopback address
/// (<see cref="IHostedLifecycleService.StartedAsync"/> runs after every hosted service, the web server included, has
/// started, so the addresses are the real ones, <c>:0</c> resolved). With
/// <see cref="FlowGateOptions.RefuseToStartOffLoopbackWithoutKeys"/> (the gateway host) it logs a critical message, stops
/// the application and fails the host's start. Otherwise (an embedding app, which owns its addresses and may protect
/// FlowGate's endpoints with its own authentication) it logs a warning and the host runs: per-request checks
/// (<see cref="GatewayAuth"/>) answer remote callers 403 unless the endpoint requires the app's authorization.
/// </summary>
internal sealed partial class LoopbackOnlyGuard(
    IGatewayConfigSource config,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<LoopbackOnlyGuard> logger,
    IOptions<FlowGateOptions>? options = null) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (config.Current.HasKeys || services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>() is not { } feature)
        {
            return Task.CompletedTask;
        }

        var exposed = feature.Addresses.Where(a => !LoopbackAddresses.IsLoopbackListenAddress(a)).ToList();
        if (exposed.Count == 0)
        {
            return Task.CompletedTask;
        }

        var addresses = string.Join(", ", exposed);
        if (options?.Value.RefuseToStartOffLoopbackWithoutKeys != true)
        {
            LogRemoteCallersRefused(addresses);
            return Task.CompletedTask;
        }

        LogRefused(addresses);
        lifetime.StopApplication();
        throw new InvalidOperationException(
            $"FlowGate refuses to listen on {addresses} without a gateway key: configure at least one gateway key, or listen on loopback only (127.0.0.1, [::1] or localhost).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 20, Level = LogLevel.Critical, Message = "No gateway key is configured but the server listens on {Addresses}, which is not loopback; stopping. Configure a gateway key or listen on 127.0.0.1 / [::1] / localhost only.")]
    private partial void LogRefused(string addresses);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "No gateway key is configured and the server listens on {Addresses}, which is not loopback: FlowGate's endpoints answer remote callers 403 unless the app requires authorization on them (MapFlowGate().RequireAuthorization()). Configure a gateway key to serve remote clients by key.")]
    private partial void LogRemoteCallersRefused(string addresses);
}
