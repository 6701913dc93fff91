using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Load;

/// <summary>
/// The gateway-wide budget for bodies held in memory: concurrent large bodies beyond it get 503 with
/// <c>Retry-After</c> in the client's protocol, the others complete, and once they are done the budget is whole again.
/// The upstream answers after 4 s, so every request holds its body while the others arrive: the overlap does not
/// depend on timing.
/// </summary>
[Collection(LargeBodies.Name)]
public sealed class BodyBudgetTests : IAsyncLifetime
{
    private const int Concurrent = 8;
    private static readonly string LargeText = new('x', 4 * 1024 * 1024);
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            RequestLogCapacity = 0,
            FaultsByModel = new Dictionary<string, string> { ["slow"] = "slow-headers:4000" },
        });

        // A 4 MiB body is admitted with room for its attempt's 4 MiB rewritten copy: two requests fit in 18 MiB, eight do
        // not, and two fit only when nothing of the others is still reserved.
        _gateway = await TestGateway.StartAsync(Configs.Gateway([Instance("a", _mock)], Route("slow", Target("a", "slow"))) with
        {
            Limits = GatewayLimits.Default with { MaxRequestBodyBytes = 8L * 1024 * 1024, MaxBufferedBodyBytes = 18L * 1024 * 1024 },
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task LargeBodiesBeyondTheBudget_Get503WithRetryAfterInTheirProtocol_TheOthersComplete()
    {
        var clients = Enumerable.Range(0, Concurrent).Select(i => (Client)(i % 3)).ToArray();
        var outcomes = await Task.WhenAll(clients.Select(async client =>
            await Outcome.ReadAsync(_gateway.Client, await WithLengthAsync(Outcome.Request(client, "slow", stream: false, Guid.NewGuid().ToString("N"), LargeText)), client, stream: false)));

        var refused = outcomes.Where(o => o.Status == 503).ToList();
        Assert.True(refused.Count > 0, "no request was refused: " + string.Join("; ", outcomes.Select(o => o.Kind)));
        Assert.True(outcomes.Any(o => o.Kind == "ok"), "no request completed: " + string.Join("; ", outcomes.Select(o => o.ToString())));
        Assert.All(outcomes, o => Assert.True(o.Kind is "ok" or "error:503", o.ToString()));
        Assert.All(refused, o => Assert.Equal("2", o.RetryAfter));
        Assert.All(refused, o => Assert.Contains("budget", o.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterABurstBeyondTheBudget_TheWholeBudgetIsFreeAgain()
    {
        var burst = Enumerable.Range(0, Concurrent).Select(async _ => await _gateway.Client.SendAsync(await WithLengthAsync(Requests.Chat("slow", LargeText)))).ToArray();
        foreach (var response in await Task.WhenAll(burst))
        {
            response.Dispose();
        }

        // Two bodies at once fit only if the burst released every byte it reserved.
        var pair = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ => await _gateway.Client.SendAsync(await WithLengthAsync(Requests.Messages("slow", LargeText)))));
        Assert.All(pair, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in pair)
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// Sends the body with its <c>Content-Length</c>, as the real clients do (a buffered body's length is known). A
    /// chunked body reserves its buffer as it grows, and a burst of them growing in step can all be refused.
    /// </summary>
    private static async Task<HttpRequestMessage> WithLengthAsync(HttpRequestMessage request)
    {
        await request.Content!.LoadIntoBufferAsync();
        return request;
    }
}
