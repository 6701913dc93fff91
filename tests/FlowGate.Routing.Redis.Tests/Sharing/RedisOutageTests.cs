using System.Net;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Redis.Tests.Support;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>Losing Redis fails no request; each replica says so in /health, and sharing resumes when Redis is back.</summary>
public sealed class RedisOutageTests
{
    private const int Clients = 200;

    [Fact]
    public async Task RedisKilledUnderLoad_FailsNoRequest_AndSharingResumesAfterItRestarts()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["limited"] = "status:429;retry-after:30" } });
        var config = Configs.Gateway(
            [Instance("a", mock)],
            Route("r", Target("a", "mock-large"), Target("a", "mock-small")),
            Route("probe", Target("a", "limited"), Target("a", "gpt-mock")) with { Policy = SelectionPolicy.First });
        var replicas = await Replica.StartManyAsync(3, config, redis.Configuration);
        try
        {
            using var stop = new CancellationTokenSource();
            var sent = 0L;
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var load = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                var i = client;
                while (!stop.IsCancellationRequested)
                {
                    var replica = replicas[i++ % replicas.Length];
                    var session = $"client-{client}";
                    using var request = Requests.Messages("r");
                    request.Headers.Add("x-claude-code-session-id", session);
                    try
                    {
                        using var response = await replica.Client.SendAsync(request);
                        await response.Content.ReadAsByteArrayAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            failures.Enqueue($"{(int)response.StatusCode} from {replica.BaseUrl}");
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Enqueue(e.Message);
                    }

                    Interlocked.Increment(ref sent);
                }
            })).ToArray();

            await WaitForRequestsAsync(() => Interlocked.Read(ref sent), 400);
            await redis.KillAsync();
            foreach (var replica in replicas)
            {
                await Eventually.TrueAsync(() => !replica.Shared.Connected, "a replica noticed Redis is gone");
            }

            Assert.False(await SharedStateConnectedAsync(replicas[0]));
            Assert.False(await SharedStateConnectedAsync(replicas[0], "/flowgate/api/status"));
            var whileDown = Interlocked.Read(ref sent);
            await WaitForRequestsAsync(() => Interlocked.Read(ref sent) - whileDown, 400);
            await redis.StartAsync();
            foreach (var replica in replicas)
            {
                await Eventually.TrueAsync(() => replica.Shared.Connected, "a replica reconnected to Redis", TimeSpan.FromSeconds(30));
            }

            var afterRestart = Interlocked.Read(ref sent);
            await WaitForRequestsAsync(() => Interlocked.Read(ref sent) - afterRestart, 400);
            stop.Cancel();
            await Task.WhenAll(load);

            Assert.Empty(failures);
            Assert.True(await SharedStateConnectedAsync(replicas[0]));
            Assert.True(await SharedStateConnectedAsync(replicas[0], "/flowgate/api/status"));

            // Sharing resumed: a rate limit seen through replica 1 now reaches the others.
            using (var limited = await replicas[0].Client.SendAsync(Requests.Messages("probe")))
            {
                Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
            }

            foreach (var other in replicas[1..])
            {
                var table = other.Table;
                var ordinal = Enumerable.Range(0, table.TargetCount).Single(i => table.GetTargetId(i).Model == "limited");
                await Eventually.TrueAsync(() => other.State.ViewOf(table).CooldownUntil(ordinal) > DateTimeOffset.UtcNow.AddSeconds(20), "the ejection reached another replica after the restart");
            }
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    [Fact]
    public async Task ReplicasStartedWhileRedisIsDown_ServeOnTheirOwnState_AndShareOnceItIsUp()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await redis.KillAsync();
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["limited"] = "status:429;retry-after:30" } });
        var config = Configs.Gateway([Instance("a", mock)], Route("probe", Target("a", "limited"), Target("a", "gpt-mock")) with { Policy = SelectionPolicy.First });
        var replicas = await Replica.StartManyAsync(2, config, redis.Configuration, waitForRedis: false);
        try
        {
            using (var served = await replicas[1].Client.SendAsync(Requests.Messages("probe")))
            {
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            }

            Assert.False(await SharedStateConnectedAsync(replicas[0]));
            await redis.StartAsync();
            foreach (var replica in replicas)
            {
                await Eventually.TrueAsync(() => replica.Shared.Connected, "a replica connected once Redis came up", TimeSpan.FromSeconds(30));
            }

            // Replica 2 ejected the target while Redis was down; on connecting it wrote the ejection, so replica 1 has it.
            await Eventually.TrueAsync(() => replicas[0].State.ViewOf(replicas[0].Table).CooldownUntil(0) > DateTimeOffset.UtcNow.AddSeconds(20), "the ejection made while Redis was down reached the other replica");
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    private static async Task WaitForRequestsAsync(Func<long> count, long atLeast) =>
        await Eventually.TrueAsync(() => count() >= atLeast, $"{atLeast} requests answered", TimeSpan.FromSeconds(60));

    private static async Task<bool> SharedStateConnectedAsync(Replica replica, string path = "/health")
    {
        var health = JsonNode.Parse(await replica.Client.GetStringAsync(path));
        return health?["shared_state"]?["connected"]?.GetValue<bool>() ?? throw new InvalidOperationException($"no shared_state in {path}");
    }
}
