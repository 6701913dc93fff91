using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Redis.Sharing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGate.Routing.Redis;

/// <summary>Shares a gateway's routing state with its other replicas through Redis.</summary>
public static class FlowGateBuilderRedisExtensions
{
    /// <summary>
    /// Shares ejections, failure counts, probe ownership, sticky sessions, signature affinity, failure streaks and rpm/tpm
    /// counters with every replica that uses the same Redis and key prefix. Requests never wait for Redis; when it is
    /// unreachable the replica routes on its own state and reports it in <c>/health</c>.
    /// </summary>
    /// <param name="builder">The FlowGate builder.</param>
    /// <param name="configuration">The Redis endpoints, <c>host:port</c> separated by commas.</param>
    /// <param name="password">The Redis password, if any (never logged).</param>
    /// <returns>The builder.</returns>
    public static FlowGateBuilder UseRedisState(this FlowGateBuilder builder, string configuration, string? password = null) =>
        UseRedisState(builder, new RedisStateOptions { Configuration = configuration, Password = password });

    /// <summary>Shares the gateway's routing state through Redis, as described by <paramref name="options"/>.</summary>
    /// <param name="builder">The FlowGate builder.</param>
    /// <param name="options">Where Redis is and how keys are named.</param>
    /// <returns>The builder.</returns>
    public static FlowGateBuilder UseRedisState(this FlowGateBuilder builder, RedisStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Configuration, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KeyPrefix, nameof(options));
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(sp => new RedisSharedState(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<RedisSharedState>>() ?? NullLogger<RedisSharedState>.Instance)));
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var state = new GatewayState(sp.GetService<TimeProvider>() ?? TimeProvider.System);
            sp.GetRequiredService<RedisSharedState>().Attach(state);
            return state;
        }));
        services.Replace(ServiceDescriptor.Singleton<ITargetStateStore>(sp => new RedisTargetStateStore(sp.GetRequiredService<GatewayState>(), sp.GetRequiredService<RedisSharedState>())));
        services.Replace(ServiceDescriptor.Singleton<ISharedStateStatus>(sp => sp.GetRequiredService<RedisSharedState>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisSharedStateService>());
        return builder;
    }
}
