using Microsoft.Extensions.Hosting;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>Connects the shared state when the host starts (without waiting for Redis) and stops it with the host.</summary>
internal sealed class RedisSharedStateService(RedisSharedState shared) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => shared.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => shared.StopAsync(cancellationToken);
}
