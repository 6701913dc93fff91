using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Redis.Sharing;
using FlowGate.Routing.Redis.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>
/// A session rebound to the target it already has is not written to Redis or broadcast again: only new and moved
/// bindings, and a refresh once a quarter of the time to live has passed, cross to the other replicas.
/// </summary>
public sealed class StickyBroadcastTests
{
    private static readonly RouteTable Table = RouteTable.Create(new RoutingConfig
    {
        Upstreams = [new UpstreamConfig { Name = "a", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:9") }],
        Routes = [new RouteConfig { Name = "r", Targets = [new TargetConfig { Upstream = "a", Model = "m" }, new TargetConfig { Upstream = "a", Model = "n" }] }],
    });

    [Fact]
    public async Task AnUnchangedBinding_IsNotBroadcastAgain_ANewOrMovedOneIs()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var one = await StartAsync(redis, "one");
        await using var two = await StartAsync(redis, "two");
        var m = Table.GetTargetId(0);
        var n = Table.GetTargetId(1);
        var t0 = DateTimeOffset.UtcNow;

        one.State.Sticky.Bind("session", "r", m, t0);
        await Eventually.TrueAsync(() => two.State.Sticky.Current.Lookup("session", "r", t0) == m, "the new binding reached the other replica");

        // Every answer of the session binds it again, to the same target.
        for (var i = 1; i <= 50; i++)
        {
            one.State.Sticky.Bind("session", "r", m, t0.AddSeconds(i));
        }

        // Messages from one replica arrive in order: once the next one is in, any re-broadcast would be in too.
        one.State.Sticky.Bind("marker", "r", m, t0.AddSeconds(51));
        await Eventually.TrueAsync(() => two.State.Sticky.Current.Lookup("marker", "r", t0.AddSeconds(51)) == m, "the marker binding reached the other replica");
        Assert.Equal(2, one.Shared.BindingsSent);
        Assert.Equal(2, two.Shared.Received);

        one.State.Sticky.Bind("session", "r", n, t0.AddSeconds(52));
        await Eventually.TrueAsync(() => two.State.Sticky.Current.Lookup("session", "r", t0.AddSeconds(52)) == n, "the moved binding reached the other replica");
        Assert.Equal(3, one.Shared.BindingsSent);

        // The other replica now serves the session on the target it learnt: nothing to tell.
        two.State.Sticky.Bind("session", "r", n, t0.AddSeconds(53));
        Assert.Equal(0, two.Shared.BindingsSent);
    }

    [Fact]
    public async Task AnUnchangedBinding_AfterAQuarterOfTheTimeToLive_IsRefreshedInRedis()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var one = await StartAsync(redis, "one");
        await using var two = await StartAsync(redis, "two");
        var m = Table.GetTargetId(0);
        var ttl = one.State.Sticky.Current.Policy.Ttl;
        var t0 = DateTimeOffset.UtcNow;

        one.State.Sticky.Bind("session", "r", m, t0);
        one.State.Sticky.Bind("session", "r", m, t0 + (ttl / 4));
        // Seen as alive by the other replica past the first binding's end: the refresh carried the later use.
        await Eventually.TrueAsync(() => two.State.Sticky.Current.Lookup("session", "r", t0 + ttl + TimeSpan.FromMinutes(1)) == m, "the refresh reached the other replica");
        Assert.Equal(2, one.Shared.BindingsSent);

        // The key's time to live in Redis is the sticky one again: it still expires.
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var life = await client.GetDatabase().KeyTimeToLiveAsync("flowgate:sticky:r:session");
        Assert.NotNull(life);
        Assert.InRange(life.Value, ttl - TimeSpan.FromMinutes(5), ttl);
    }

    private static async Task<Node> StartAsync(RedisServer redis, string name)
    {
        var shared = new RedisSharedState(new RedisStateOptions { Configuration = redis.Configuration, ReplicaName = name }, TimeProvider.System, NullLogger<RedisSharedState>.Instance);
        var state = new GatewayState(TimeProvider.System);
        shared.Attach(state);
        state.Adopt(Table);
        await shared.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => shared.Connected, "the replica connected to Redis");
        return new Node(shared, state);
    }

    private sealed record Node(RedisSharedState Shared, GatewayState State) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Shared.DisposeAsync();
    }
}
