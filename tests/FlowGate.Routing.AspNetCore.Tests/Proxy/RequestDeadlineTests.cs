using System.Net;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// The request's total deadline on the real clock: an upstream that stays silent twenty times longer than the deadline is
/// cut off at it, the client gets a timeout in its protocol, and the gateway's next requests are served as usual.
/// </summary>
public sealed class RequestDeadlineTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["silent"] = "slow-headers:60000" } });
        var config = Gateway([Instance("a", _mock)], Route("silent", Target("a", "silent")) with { Fallbacks = ["good"] }, Route("good", Target("a", "mock-large")));
        _gateway = await TestGateway.StartAsync(config with { Limits = GatewayLimits.Default with { RequestTimeout = TimeSpan.FromSeconds(3) } });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task ASilentUpstream_IsCutOffAtTheDeadline_AndTheNextRequestsAreServed()
    {
        using (var response = await _gateway.Client.SendAsync(Requests.Messages("silent", "hi")))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("\"timeout_error\"", body, StringComparison.Ordinal);
            Assert.Contains("the request did not complete within 3 s (1 attempt(s))", body, StringComparison.Ordinal);
        }

        for (var i = 0; i < 3; i++)
        {
            using var response = await _gateway.Client.SendAsync(Requests.Chat("good", "hi"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
