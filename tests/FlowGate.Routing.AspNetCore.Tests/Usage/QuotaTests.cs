using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>Per-minute budgets (<c>rpm</c>, <c>tpm</c>) through real Kestrel, on a clock the test moves.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    // 15 s into a minute: the window ends 45 s later.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 15, TimeSpan.Zero));
    private MockUpstreamServer _mock = null!;

    public async Task InitializeAsync() => _mock = await MockUpstreamServer.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task ATargetWithRpm3_ServesThreeRequestsAMinute_TheSecondTargetTakesTheRest()
    {
        var limited = Target("up-a", "limited") with { RequestsPerMinute = 3 };
        var route = Route("pool", limited, Target("up-b", "spare")) with { Policy = SelectionPolicy.First };
        await using var gateway = await StartAsync(Gateway([Anthropic("up-a", _mock), Anthropic("up-b", _mock)], route));

        var servedBy = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            servedBy.Add(await UpstreamModelAsync(gateway));
        }

        Assert.Equal(["limited", "limited", "limited", "spare", "spare", "spare", "spare"], servedBy);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("limited", await UpstreamModelAsync(gateway));
    }

    [Fact]
    public async Task ARouteWhoseOnlyTargetIsOverTpm_Answers429_WithRetryAfterAtTheWindowsEnd()
    {
        var route = Route("small", Target("up-a", "tiny") with { TokensPerMinute = 20 });
        await using var gateway = await StartAsync(Gateway([Anthropic("up-a", _mock)], route));

        // 11 + 7 + 5 + 3 = 26 tokens: one answer spends the budget of 20.
        using (var first = Request("small"))
        {
            using var ok = await gateway.Client.SendAsync(first);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        _ = await UsageWait.RequestsAsync(gateway, 1);
        var attemptsBefore = _mock.Requests.Count;
        using var refused = await gateway.Client.SendAsync(Request("small"));
        var body = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("45", refused.Headers.GetValues("Retry-After").Single());
        using var json = JsonDocument.Parse(body);
        Assert.Equal("rate_limit_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(attemptsBefore, _mock.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(45));
        using var again = await gateway.Client.SendAsync(Request("small"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task OverTpm_AChatClientGetsOpenAIsRateLimitError()
    {
        var route = Route("small", Target("up-a", "tiny") with { TokensPerMinute = 20 });
        await using var gateway = await StartAsync(Gateway([Anthropic("up-a", _mock)], route));
        using (var first = Request("small"))
        {
            using var ok = await gateway.Client.SendAsync(first);
        }

        _ = await UsageWait.RequestsAsync(gateway, 1);
        using var refused = await gateway.Client.SendAsync(Requests.Chat("small"));
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("45", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_exceeded", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UsageBased_PrefersTheTargetWithTheMostBudgetLeft_OverItsWeight()
    {
        // By weight alone "a" would take nearly every request; by budget left, a target just used has less left than
        // one not used yet, so each pair of requests goes to both.
        var route = Route("pool", Target("up-a", "a", weight: 1000) with { RequestsPerMinute = 4 }, Target("up-b", "b", weight: 1) with { RequestsPerMinute = 4 }) with { Policy = SelectionPolicy.UsageBased };
        await using var gateway = await StartAsync(Gateway([Anthropic("up-a", _mock), Anthropic("up-b", _mock)], route));

        var servedBy = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            servedBy.Add(await UpstreamModelAsync(gateway));
        }

        Assert.All(servedBy.Chunk(2), pair => Assert.Equal(["a", "b"], pair.Order()));
    }

    private static HttpRequestMessage Request(string model)
    {
        var request = Requests.Messages(model, "budget");
        request.Headers.Add(MockHeaders.Usage, "11,7,5,3,0");
        return request;
    }

    private async Task<TestGateway> StartAsync(GatewayConfig config) =>
        await TestGateway.StartAsync(config, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));

    private async Task<string> UpstreamModelAsync(TestGateway gateway)
    {
        using var response = await gateway.Client.SendAsync(Requests.Messages("pool", "who serves"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return _mock.LastRequest!.Model!;
    }
}
