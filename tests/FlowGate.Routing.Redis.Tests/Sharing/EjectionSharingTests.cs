using System.Net;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Redis.Tests.Support;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>A rate limit one replica sees keeps every replica off the target.</summary>
public sealed class EjectionSharingTests
{
    [Fact]
    public async Task A429WithRetryAfter_SeenByOneReplica_KeepsTheOtherReplicasOffTheTarget()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = "status:429;retry-after:30" } });
        var config = Configs.Gateway([Instance("a", mock)], Route("r", Target("a", "x"), Target("a", "mock-large")) with { Policy = SelectionPolicy.First });
        var replicas = await Replica.StartManyAsync(3, config, redis.Configuration);
        try
        {
            using (var first = await replicas[0].Client.SendAsync(Requests.Messages("r")))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            }

            Assert.Equal(1, ModelRequests(mock, "x"));
            foreach (var other in replicas[1..])
            {
                await Eventually.TrueAsync(() => other.State.ViewOf(other.Table).CooldownUntil(0) > DateTimeOffset.UtcNow.AddSeconds(20), "the ejection reached another replica");
            }

            foreach (var other in replicas[1..])
            {
                using var response = await other.Client.SendAsync(Requests.Messages("r"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // The replicas that did not see the 429 sent nothing to the rate-limited target.
            Assert.Equal(1, ModelRequests(mock, "x"));
            Assert.Equal(3, ModelRequests(mock, "mock-large"));
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    internal static int ModelRequests(MockUpstreamServer mock, string model) =>
        mock.Requests.Count(r => r.Body.Length > 0 && JsonNode.Parse(r.Body.Span)?["model"]?.GetValue<string>() == model);
}
