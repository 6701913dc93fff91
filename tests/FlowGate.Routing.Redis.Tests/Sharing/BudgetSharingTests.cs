using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Redis.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>An rpm budget holds across replicas: they count one minute together.</summary>
public sealed class BudgetSharingTests
{
    [Fact]
    public async Task Rpm60_AcrossThreeReplicas_HoldsWithinFivePercent()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        // One clock for the three replicas, stopped inside a minute: the whole test counts in one budget window.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 5, TimeSpan.Zero));
        var limited = Target("a", "mock-large") with { RequestsPerMinute = 60 };
        var config = Configs.Gateway([Instance("a", mock)], Route("r", limited, Target("a", "mock-small")) with { Policy = SelectionPolicy.First });
        var replicas = await Replica.StartManyAsync(3, config, redis.Configuration, time);
        try
        {
            for (var i = 0; i < 120; i++)
            {
                using (var response = await replicas[i % 3].Client.SendAsync(Requests.Messages("r")))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                // Each count reaches every replica before the next request (requests racing within one pub/sub hop on
                // different replicas may overshoot by about one each; docs/scale-out.md says so, a benchmark measures the hop).
                var sent = EjectionSharingTests.ModelRequests(mock, "mock-large");
                await Eventually.TrueAsync(() => replicas.All(r => r.State.ViewOf(r.Table).Budget(0).Requests >= sent), "the count reached every replica");
            }

            var served = EjectionSharingTests.ModelRequests(mock, "mock-large");
            Assert.InRange(served, 57, 63);
            Assert.Equal(120 - served, EjectionSharingTests.ModelRequests(mock, "mock-small"));
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }
}
