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
/// The stream idle limit runs on the gateway's injected clock: a stream that goes silent after three events ends with
/// its protocol's terminal error once the test moves the clock past the limit, long before that much real time passes
/// (the test waits at most 15 s of real time, the limit is 60 s).
/// </summary>
public sealed class StreamIdleClockTests
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASilentStream_EndsWithTheIdleError_WhenTheClockPassesTheLimit(bool translated)
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["silent"] = "stall-after:3" } });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = Configs.Gateway(
            [Instance("same", mock), Anthropic("anthropic", mock)],
            Route("r", Target(translated ? "anthropic" : "same", "silent")));
        var limits = GatewayLimits.Default with { StreamIdleTimeout = IdleLimit, RequestTimeout = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(config with { Limits = limits }, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));

        using var response = await gateway.Client.SendAsync(Requests.Chat("r", "hi", stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = response.Content.ReadAsStringAsync();

        // The relay arms the limit for each read; the clock may move before it is armed for the silent one, so move it
        // again until the stream ends (each step is past the limit; a few steps stay far inside the request's hour).
        for (var step = 0; step < 30 && !body.IsCompleted; step++)
        {
            time.Advance(IdleLimit + TimeSpan.FromSeconds(1));
            await Task.WhenAny(body, Task.Delay(500));
        }

        // At most 15 s of real time: a limit on the real clock (60 s) has not fired yet.
        Assert.True(body.IsCompleted, "the stream did not end when the gateway's clock passed the idle limit");
        var text = await body;
        Assert.Contains("the upstream sent nothing for 60 s", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data: [DONE]", text, StringComparison.Ordinal);
    }
}
