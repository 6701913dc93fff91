using System.Net;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Same-protocol forwarding through real Kestrel to the mock upstream: rewrite, credentials, paths, streaming.</summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(Gateway(
            [Instance("cliproxy", _mock), OpenAI("openai", _mock), Anthropic("anthropic", _mock)],
            Route("m", Target("cliproxy", "mock-large")),
            Route("direct-openai", Target("openai", "gpt-mock")),
            Route("direct-anthropic", Target("anthropic", "claude-mock-sonnet"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task Chat_IsForwardedWithTheTargetModelAndTheUpstreamsKey()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat("m", "ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mock: ping", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("m", "cliproxy", "1"), (Header(response, "x-flowgate-route"), Header(response, "x-flowgate-upstream"), Header(response, "x-flowgate-attempts")));
        var seen = _mock.LastRequest!;
        Assert.Equal("/v1/chat/completions", seen.Path);
        Assert.Equal("mock-large", seen.Json().GetProperty("model").GetString());
        Assert.Equal("Bearer " + UpstreamKey, seen.Header("authorization"));
    }

    [Fact]
    public async Task AnthropicStream_ReachesAnInstanceOnTheClientsOwnPath()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Messages("m", "stream me", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("message_start", events[0].Event);
        Assert.Equal("message_stop", events[^1].Event);
        Assert.Equal("/v1/messages?beta=true", _mock.LastRequest!.PathAndQuery);
    }

    [Fact]
    public async Task DirectAnthropicUpstream_GetsItsKeyAsXApiKey_AndTheVersionedPath()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Messages("direct-anthropic", "hi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _mock.LastRequest!;
        Assert.Equal("/v1/messages?beta=true", seen.PathAndQuery);
        Assert.Equal(UpstreamKey, seen.Header("x-api-key"));
        Assert.Null(seen.Header("authorization"));
        Assert.Equal("claude-mock-sonnet", seen.Json().GetProperty("model").GetString());
    }

    [Fact]
    public async Task ResponsesStream_ToADirectOpenAIUpstream_EndsWithCompleted()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Responses("direct-openai", "codex", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("response.completed", events[^1].Event);
        Assert.Equal("/v1/responses", _mock.LastRequest!.Path);
    }

    [Fact]
    public async Task Stream_IsPassedThroughUnbuffered_TheFirstEventArrivesBeforeTheUpstreamFinishes()
    {
        using var request = Requests.Chat("m", "slow", stream: true);
        request.Headers.Add("x-mock-pace-ms", "400");
        using var response = await _gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        var first = await reader.ReadLineAsync();

        Assert.StartsWith("data:", first, StringComparison.Ordinal);
        Assert.Equal(0, _mock.Counters.Completed);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;
}
