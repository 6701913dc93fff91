using System.Globalization;
using System.Net;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>A blip is not an outage: one failure never turns into refused requests while a target could answer.</summary>
public sealed class BlipTests
{
    [Fact]
    public async Task ALoneRoute_AfterOne500_ServesTheNextRequest()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = "status:500;times:1" } });
        var config = Gateway([Instance("a", mock)], Route("solo", Target("a", "x")));
        await using var gateway = await TestGateway.StartAsync(config with { Routing = config.Routing with { Retry = new Routing.RetryPolicy { MaxAttempts = 1 } } });

        using var first = await gateway.Client.SendAsync(Requests.Chat("solo", requestId: "blip"));
        using var second = await gateway.Client.SendAsync(Requests.Chat("solo", requestId: "blip"));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, mock.Requests.Count);
    }

    [Fact]
    public async Task ALoneRoute_RetriesItsTargetAfterABackoff_WithinOneRequest()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = "status:502;times:1" } });
        await using var gateway = await TestGateway.StartAsync(Gateway([Instance("a", mock)], Route("solo", Target("a", "x"))));

        using var response = await gateway.Client.SendAsync(Requests.Chat("solo", requestId: "retry"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-flowgate-attempts").Single());
    }

    [Fact]
    public async Task AHugeRetryAfter_IsCappedByMaxCooldown()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = "status:429;retry-after:999999" } });
        await using var gateway = await TestGateway.StartAsync(Gateway([Instance("a", mock)], Route("solo", Target("a", "x"))));

        using var first = await gateway.Client.SendAsync(Requests.Chat("solo"));
        using var second = await gateway.Client.SendAsync(Requests.Chat("solo"));

        var cap = Routing.Failures.FailurePolicy.Default.MaxRetryAfter;
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(cap, first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(second.Headers.RetryAfter?.Delta ?? TimeSpan.MaxValue, TimeSpan.FromSeconds(1), cap);
        Assert.Single(mock.Requests);
    }

    [Fact]
    public async Task UnderConcurrentStreams_WithEveryTargetFailingSometimes_NoRequestIsRefusedWithoutAnAttempt()
    {
        // One target always fails; the other fails the first attempt of every request (a slow target's first-byte
        // timeouts, made deterministic). Both get ejected quickly; panic must still send every request somewhere.
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            RequestLogCapacity = 0,
            FaultsByModel = new Dictionary<string, string> { ["dead"] = "status:500", ["slow"] = "status:504;times:1" },
        });
        await using var gateway = await TestGateway.StartAsync(Gateway([Instance("a", mock)], Route("busy", Target("a", "dead"), Target("a", "slow"))));
        const int streams = 200;

        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(async i =>
        {
            using var response = await gateway.Client.SendAsync(Requests.Messages("busy", $"stream {i}", stream: true, requestId: $"stream-{i}"));
            await response.Content.ReadAsStringAsync();
            var attempts = response.Headers.TryGetValues("x-flowgate-attempts", out var values) ? int.Parse(values.Single(), CultureInfo.InvariantCulture) : 1;
            return (response.StatusCode, attempts);
        }));

        Assert.DoesNotContain(results, r => r.StatusCode is HttpStatusCode.ServiceUnavailable or (HttpStatusCode)529 or HttpStatusCode.TooManyRequests);
        Assert.All(results, r => Assert.True(r.attempts >= 1));
        Assert.Contains(results, r => r.StatusCode == HttpStatusCode.OK);
    }
}
