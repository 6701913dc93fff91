using System.Net;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Redis.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.Redis.Tests.Support;

/// <summary>One gateway replica: a real FlowGate on Kestrel at 127.0.0.1 (a free port) sharing its state through Redis.</summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Replica(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public GatewayState State => Services.GetRequiredService<GatewayState>();

    public RedisSharedState Shared => Services.GetRequiredService<RedisSharedState>();

    public RouteTable Table => Services.GetRequiredService<GatewayRuntimeHolder>().Current.Table;

    public static async Task<Replica> StartAsync(GatewayConfig config, string redis, string name, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddFlowGate(b => b.UseConfig(config).UseRedisState(new RedisStateOptions { Configuration = redis, ReplicaName = name }));
        var app = builder.Build();
        app.MapFlowGate();
        app.MapFlowGateHealth();
        app.MapFlowGateStatusPage();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Replica(app, new Uri(address));
    }

    /// <summary>Starts <paramref name="count"/> replicas of one config and waits until each shares through Redis.</summary>
    public static async Task<Replica[]> StartManyAsync(int count, GatewayConfig config, string redis, TimeProvider? time = null, bool waitForRedis = true)
    {
        var replicas = new Replica[count];
        for (var i = 0; i < count; i++)
        {
            replicas[i] = await StartAsync(config, redis, $"replica-{i + 1}", time);
        }

        foreach (var replica in waitForRedis ? replicas : [])
        {
            await Eventually.TrueAsync(() => replica.Shared.Connected, "replica connected to Redis");
        }

        return replicas;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
