using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.TestUtils;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary><c>/v1/messages/count_tokens</c>: forwarded where the upstream speaks Anthropic, counted locally with o200k_base elsewhere.</summary>
public sealed class CountTokensTests : IAsyncLifetime
{
    /// <summary>The Claude Code fixture's count under o200k_base (pinned; see docs/translation.md for how it compares with the estimate).</summary>
    private const int ClaudeCodeFixtureTokens = 7_304;

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
    public async Task AChatUpstream_GetsTheO200kCount_WithoutAnUpstreamCall()
    {
        using var response = await _gateway.Client.SendAsync(CountTokens("chat-only", "hello world"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("o200k_base", response.Headers.GetValues("x-flowgate-token-count").Single());

        // "hello world" is 2 o200k tokens, "user" 1; the chat format adds 3 per message and 3 to prime the reply.
        Assert.Equal(9, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt32());
        Assert.Empty(_mock.Requests);
    }

    [Fact]
    public async Task AChatUpstream_CountsTheClaudeCodeFixtureWithO200k()
    {
        var body = JsonNode.Parse(ClientFixtures.Body(ClientFixtures.ClaudeCode))!.AsObject();
        body["model"] = "chat-only";
        body.Remove("stream");
        body.Remove("max_tokens");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens") { Content = JsonContent.Create(body) };
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("o200k_base", response.Headers.GetValues("x-flowgate-token-count").Single());
        Assert.Equal(ClaudeCodeFixtureTokens, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt32());
    }

    private static HttpRequestMessage CountTokens(string model, string text = "ping, how many tokens is this?")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["model"] = model,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
            }),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
