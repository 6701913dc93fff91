using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Faults;

/// <summary>
/// The request's deadline and each attempt's first-byte limit run on the gateway's injected clock: a silent upstream is
/// cut off once the test moves the clock past the limit, long before that much real time passes (each test waits at most
/// 15 s of real time; the limits are a minute and more, the silent upstream stays silent for ten).
/// </summary>
public sealed class DeadlineClockTests
{
    [Fact]
    public async Task ASilentUpstream_IsCutOffAtTheRequestDeadline_WithATimeoutInTheClientsProtocol()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["silent"] = "slow-headers:600000" } });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = Configs.Gateway([Instance("a", mock)], Route("r", Target("a", "silent")) with { Fallbacks = ["good"] }, Route("good", Target("a", "mock-large")));
        var limits = GatewayLimits.Default with { RequestTimeout = TimeSpan.FromSeconds(60), FirstByteTimeout = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(config with { Limits = limits }, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));

        var sent = gateway.Client.SendAsync(Requests.Chat("r", "hi"));
        await AdvanceUntilAsync(time, sent, TimeSpan.FromSeconds(61));

        Assert.True(sent.IsCompleted, "the request did not end when the gateway's clock passed its deadline");
        using var response = await sent;
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("the request did not complete within 60 s (1 attempt(s))", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The deadline ends the request: no fallback is tried after it.
        Assert.DoesNotContain(mock.Requests, r => r.Model == "mock-large");
    }

    [Fact]
    public async Task AFirstByteLimit_AfterAnAttemptThatFailedOtherwise_StillFires_AndTheFallbackAnswers()
    {
        // One request, three attempts: a reset (its limit never fires: the request's first-byte source is reused), a
        // silent target (the reused source's limit fires), then the fallback that answers.
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            FaultsByModel = new Dictionary<string, string> { ["reset"] = "reset-before-headers", ["silent"] = "slow-headers:600000" },
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = Configs.Gateway(
            [Instance("a", mock)],
            Route("r", Target("a", "reset")) with { Fallbacks = ["quiet"] },
            Route("quiet", Target("a", "silent") with { Timeout = TimeSpan.FromSeconds(60) }) with { Fallbacks = ["good"] },
            Route("good", Target("a", "mock-large")));
        var limits = GatewayLimits.Default with { RequestTimeout = TimeSpan.FromHours(10), FirstByteTimeout = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(config with { Limits = limits }, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));

        var sent = gateway.Client.SendAsync(Requests.Chat("r", "hi"));
        await AdvanceUntilAsync(time, sent, TimeSpan.FromSeconds(61));

        Assert.True(sent.IsCompleted, "the silent attempt was not cut off when the gateway's clock passed its first-byte limit");
        using var response = await sent;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("good", "3"), (response.Headers.GetValues("x-flowgate-route").Single(), response.Headers.GetValues("x-flowgate-attempts").Single()));
    }

    // The limits are armed when an attempt starts; the clock may move before that, so move it again until the request
    // ends (at most 15 s of real time: the limits on the real clock, a minute and more, have not fired by then).
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task sent, TimeSpan step)
    {
        for (var i = 0; i < 30 && !sent.IsCompleted; i++)
        {
            await Task.WhenAny(sent, Task.Delay(500));
            if (!sent.IsCompleted)
            {
                time.Advance(step);
            }
        }
    }
}
