using System.Net;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Upstreams that break the connection, redirect or stay silent: each is a failed attempt that falls back.</summary>
public sealed class TransportFailureTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            FaultsByModel = new Dictionary<string, string>
            {
                ["reset"] = "reset-before-headers",
                ["redirect"] = "redirect",
                ["slow"] = "slow-headers:10000",
            },
        });
        var config = Gateway(
            [Instance("a", _mock)],
            Route("reset", Target("a", "reset")) with { Fallbacks = ["good"] },
            Route("redirect", Target("a", "redirect")) with { Fallbacks = ["good"] },
            // Only the slow target has a short first-byte limit: a global 300 ms once failed the fallback's own cold
            // first answer on a loaded CI machine.
            Route("slow", Target("a", "slow") with { Timeout = TimeSpan.FromSeconds(2) }) with { Fallbacks = ["good"] },
            Route("good", Target("a", "mock-large")));
        _gateway = await TestGateway.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("redirect")]
    [InlineData("slow")]
    public async Task TheFailedAttempt_FallsBack_AndTheClientGetsTheAnswer(string route)
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat(route, "hi", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("good", "2"), (response.Headers.GetValues("x-flowgate-route").Single(), response.Headers.GetValues("x-flowgate-attempts").Single()));
        Assert.EndsWith("data: [DONE]", (await response.Content.ReadAsStringAsync()).TrimEnd(), StringComparison.Ordinal);

        // A redirect is never followed: the mock saw the first request and then the fallback, nothing at its Location.
        Assert.DoesNotContain(_mock.Requests, r => r.Path.StartsWith("/redirected", StringComparison.Ordinal));
    }
}
