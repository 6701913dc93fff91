using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary><c>/v1/messages/count_tokens</c>: forwarded where the upstream speaks Anthropic, estimated locally elsewhere.</summary>
public sealed class CountTokensTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(Gateway(
            [Instance("cliproxy", _mock), OpenAI("openai", _mock)],
            Route("anthropic-capable", Target("cliproxy", "mock-large")),
            Route("chat-only", Target("openai", "gpt-mock"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task AnAnthropicCapableUpstream_CountsItself()
    {
        using var response = await _gateway.Client.SendAsync(CountTokens("anthropic-capable"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt32() > 0);
        Assert.Equal("/v1/messages/count_tokens", _mock.LastRequest!.Path);
    }

    [Fact]
    public async Task AChatUpstream_GetsFlowGatesEstimate_WithoutAnUpstreamCall()
    {
        using var response = await _gateway.Client.SendAsync(CountTokens("chat-only"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("estimate", response.Headers.GetValues("x-flowgate-token-count").Single());
        Assert.InRange((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt32(), 1, 100);
        Assert.Empty(_mock.Requests);
    }

    private static HttpRequestMessage CountTokens(string model)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["model"] = model,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "ping, how many tokens is this?" }),
            }),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
