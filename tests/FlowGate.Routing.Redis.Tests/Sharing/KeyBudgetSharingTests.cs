using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Redis.Tests.Support;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>A named key's daily token budget spent through one replica is spent on the others.</summary>
public sealed class KeyBudgetSharingTests
{
    private const string AliceKey = "gw-alice-canary-51b0";

    [Fact]
    public async Task AKeysBudgetSpentThroughOneReplica_IsRefusedByAnother()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        var config = Configs.Gateway([Anthropic("up-a", mock)], Route("pool", Target("up-a", "model-a"))) with
        {
            NamedKeys = [new GatewayKey { Name = "alice", Key = new Secret(AliceKey, "test:alice"), MaxDailyTokens = 20 }],
        };
        var replicas = await Replica.StartManyAsync(2, config, redis.Configuration);
        try
        {
            // One answer of 26 tokens spends alice's 20.
            Assert.Equal(HttpStatusCode.OK, await SendAsync(replicas[0]));
            var day = BudgetDay.StartOf(DateTimeOffset.UtcNow, TimeSpan.Zero);
            await Eventually.TrueAsync(() => replicas[1].State.KeyBudgets.Used("alice", day) >= 26, "alice's tokens reached the other replica");

            Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(replicas[1]));
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    private static async Task<HttpStatusCode> SendAsync(Replica replica)
    {
        using var request = Requests.Messages("pool", "budget");
        request.Headers.Add(MockHeaders.Usage, "11,7,5,3,0");
        request.Headers.Add("x-api-key", AliceKey);
        using var response = await replica.Client.SendAsync(request);
        return response.StatusCode;
    }
}
