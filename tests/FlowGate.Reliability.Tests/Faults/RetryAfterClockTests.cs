using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Faults;

/// <summary>
/// Retry hints on a clock the test moves: after a 429 whose <c>Retry-After</c> is given as seconds or as an HTTP date, no
/// request reaches that target before its time, and the first one after it does.
/// </summary>
public sealed class RetryAfterClockTests
{
    [Theory]
    [InlineData("status:429;retry-after:30")]
    [InlineData("status:429;retry-after-date:30")]
    public async Task ACoolingTarget_GetsNoAttemptBeforeItsRetryAfter_AndOneAfterIt(string fault)
    {
        // The mock dates its Retry-After on the gateway's clock: on the real one, a date written after a slow start-up
        // (seconds, on a loaded machine) would mean a longer wait than the gateway's clock was then moved by.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["limited"] = fault }, Clock = time });
        var config = Configs.Gateway(
            [Instance("a", mock)],
            Route("r", Target("a", "limited")) with { Fallbacks = ["good"] },
            Route("good", Target("a", "mock-large")));
        await using var gateway = await TestGateway.StartAsync(config, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        int AttemptsOnLimited() => mock.Requests.Count(r => r.Model == "limited");

        await Send(gateway, expectedAttempts: 2);
        Assert.Equal(1, AttemptsOnLimited());

        // An HTTP date has whole seconds: stay clear of the boundary on both sides.
        time.Advance(TimeSpan.FromSeconds(25));
        await Send(gateway, expectedAttempts: 1);
        await Send(gateway, expectedAttempts: 1);
        Assert.Equal(1, AttemptsOnLimited());

        time.Advance(TimeSpan.FromSeconds(10));
        await Send(gateway, expectedAttempts: 2);
        Assert.Equal(2, AttemptsOnLimited());
    }

    private static async Task Send(TestGateway gateway, int expectedAttempts)
    {
        using var response = await gateway.Client.SendAsync(Requests.Messages("r"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("good", expectedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)), (response.Headers.GetValues("x-flowgate-route").Single(), response.Headers.GetValues("x-flowgate-attempts").Single()));
    }
}
