using System.Net;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Failure handling through real Kestrel: fallbacks, cool-downs, Retry-After, the commit point, cancellation.</summary>
public sealed class FailureTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            FaultsByModel = new Dictionary<string, string>
            {
                ["broken"] = "status:500",
                ["limited"] = "status:429;retry-after:30",
                ["first-error"] = "first-event-error",
                ["cut"] = "cut-after:2",
                ["stall"] = "stall-after:1",
            },
        });
        var upstreams = new[] { Instance("a", _mock) };
        var config = Gateway(
            upstreams,
            Route("flaky", Target("a", "broken")) with { Fallbacks = ["good"] },
            Route("good", Target("a", "mock-large")),
            Route("limited", Target("a", "limited")),
            Route("first-error", Target("a", "first-error")) with { Fallbacks = ["good"] },
            Route("cut", Target("a", "cut")) with { Fallbacks = ["good"] },
            Route("stall", Target("a", "stall")));
        _gateway = await TestGateway.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task A500_FallsBackAlongTheChain_AndTheTargetCoolsDown()
    {
        using var first = await _gateway.Client.SendAsync(Requests.Chat("flaky", "one"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("good", "2"), (Header(first, "x-flowgate-route"), Header(first, "x-flowgate-attempts")));
        Assert.Equal(["broken", "mock-large"], _mock.Requests.Select(r => r.Model));

        // The broken target now cools down for 60 s: the next request goes straight to the fallback.
        using var second = await _gateway.Client.SendAsync(Requests.Chat("flaky", "two"));
        Assert.Equal(("good", "1"), (Header(second, "x-flowgate-route"), Header(second, "x-flowgate-attempts")));
        Assert.Equal(3, _mock.Requests.Count);
    }

    [Fact]
    public async Task A429WithRetryAfter_CoolsTheTarget_AndTheNextRequestGets503WithRetryAfter_WithoutAnAttempt()
    {
        using var first = await _gateway.Client.SendAsync(Requests.Chat("limited"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), first.Headers.RetryAfter?.Delta);

        using var second = await _gateway.Client.SendAsync(Requests.Chat("limited"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.InRange(second.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(28), TimeSpan.FromSeconds(30));
        Assert.Single(_mock.Requests);
    }

    [Fact]
    public async Task AFirstEventError_IsAFailedAttempt_ThatFallsBack()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Messages("first-error", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("good", Header(response, "x-flowgate-route"));
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(events, e => e.Event == "error");
        Assert.Equal("message_stop", events[^1].Event);
    }

    [Fact]
    public async Task AStreamCutAfterCommit_EndsWithAProtocolError_AndIsNeverRetried()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Messages("cut", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", events[^1].Event);
        Assert.DoesNotContain(events, e => e.Event == "message_stop");
        Assert.Single(_mock.Requests);
    }

    [Fact]
    public async Task ClientCancel_ReachesTheUpstreamAtOnce()
    {
        using var cts = new CancellationTokenSource();
        using var response = await _gateway.Client.SendAsync(Requests.Chat("stall", stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[256];
        Assert.True(await body.ReadAsync(buffer, cts.Token) > 0);

        await cts.CancelAsync();
        response.Dispose();

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _mock.WaitForAbortAsync(1, wait.Token);
        Assert.True(_mock.Requests[0].ClientAborted);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;
}
