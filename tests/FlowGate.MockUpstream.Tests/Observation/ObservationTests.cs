using System.Text.Json;
using FlowGate.MockUpstream.Tests.Support;

namespace FlowGate.MockUpstream.Tests.Observation;

public sealed class ObservationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RequestLog_RecordsMethodPathHeadersAndBody()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("logged", model: "rewritten-model");
        await mock.PostJsonAsync(Bodies.MessagesPath, body, ("x-api-key", "upstream-key"), ("anthropic-version", "2023-06-01"));

        var request = Assert.Single(mock.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages?beta=true", request.PathAndQuery);
        Assert.Equal(MockEndpoint.Messages, request.Endpoint);
        Assert.Equal("upstream-key", request.Header("X-API-KEY"));
        Assert.Equal("rewritten-model", request.Model);
        Assert.Equal(body.ToJsonString(), request.BodyText);
        Assert.Equal("logged", request.Json().GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(1, request.Attempt);
        Assert.False(request.ClientAborted);
    }

    [Fact]
    public async Task RequestLines_NameEndpointModelToolCallAndToolResult()
    {
        using var lines = new StringWriter();
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { RequestLines = lines });
        await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("go [[tool:Bash]]", model: "m-1", tools: Bodies.AnthropicTools("Bash")));
        await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("plain", model: "m-2"));

        Assert.Equal(
            ["mock-request: POST /v1/messages?beta=true endpoint=Messages model=m-1 tool-call=Bash tool-result=no attempt=1",
             "mock-request: POST /v1/chat/completions endpoint=ChatCompletions model=m-2 tool-call=- tool-result=no attempt=1"],
            lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Counters_CountPerEndpointAndInTotal()
    {
        await using var mock = await MockFixture.StartAsync();
        await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("a"));
        await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("b"));
        await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("c"));
        using (await mock.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
        }

        var counters = mock.Server.Counters;
        Assert.Equal(4, counters.Total);
        Assert.Equal(1, counters.ForEndpoint(MockEndpoint.Messages));
        Assert.Equal(2, counters.ForEndpoint(MockEndpoint.ChatCompletions));
        Assert.Equal(1, counters.ForEndpoint(MockEndpoint.Health));
        Assert.Equal(0, counters.ForEndpoint(MockEndpoint.Responses));
        await counters.WaitForCompletedAsync(4).WaitAsync(Patience);
        Assert.Equal(2, mock.Server.RequestsTo(MockEndpoint.ChatCompletions).Count);

        mock.Server.Reset();
        Assert.Equal(0, counters.Total);
        Assert.Empty(mock.Server.Requests);
    }

    [Fact]
    public async Task Counters_AreThreadSafeUnderConcurrentRequests()
    {
        await using var mock = await MockFixture.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await mock.SendAsync(MockFixture.Request(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.RequestId, "shared")));
            await response.Content.ReadAsByteArrayAsync();
        }));

        Assert.Equal(40, mock.Server.Counters.Attempts("shared"));
        Assert.Equal(40, mock.Server.Counters.Total);
        Assert.Equal(Enumerable.Range(1, 40), mock.Server.Requests.Select(r => r.Attempt).Order());
    }

    [Fact]
    public async Task ClientDisconnect_MidStream_IsObserved()
    {
        await using var mock = await MockFixture.StartAsync();
        var response = await mock.SendAsync(MockFixture.Request(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), (MockHeaders.PaceMs, "200")));
        using (var reader = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal("message_start", (await reader.ReadAsync())?.Name);
        }

        response.Dispose();
        await mock.Server.WaitForAbortAsync().WaitAsync(Patience);

        Assert.Equal(1, mock.Server.Counters.ClientAborts);
        Assert.True(mock.Server.LastRequest!.ClientAborted);
    }

    [Fact]
    public async Task CompletedRequests_AreNotCountedAsDisconnects()
    {
        await using var mock = await MockFixture.StartAsync();
        await mock.PostStreamAsync(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true));
        await mock.Server.Counters.WaitForCompletedAsync(1).WaitAsync(Patience);
        mock.Client.Dispose();

        Assert.Equal(0, mock.Server.Counters.ClientAborts);
    }

    [Fact]
    public async Task RootHealthAndModels_Answer()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Models = ["claude-a", "gpt-b"] });
        using var head = await mock.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/", UriKind.Relative)));
        using var root = await mock.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var health = await mock.Client.GetAsync(new Uri("/health", UriKind.Relative));
        var openAi = await GetJsonAsync(mock, "/v1/models");
        using var anthropicRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models?limit=1000", UriKind.Relative));
        anthropicRequest.Headers.Add("anthropic-version", "2023-06-01");
        using var anthropicResponse = await mock.Client.SendAsync(anthropicRequest);
        using var anthropic = JsonDocument.Parse(await anthropicResponse.Content.ReadAsStringAsync());

        Assert.Equal(200, (int)head.StatusCode);
        Assert.Equal(200, (int)root.StatusCode);
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal("list", openAi.GetProperty("object").GetString());
        Assert.Equal(["claude-a", "gpt-b"], openAi.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("model", anthropic.RootElement.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal("claude-a", anthropic.RootElement.GetProperty("data")[0].GetProperty("display_name").GetString());
        Assert.False(anthropic.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("/anthropic/v1/messages")]
    [InlineData("/v1/v1/messages")]
    [InlineData("/api/v1/chat/completions")]
    public async Task PathPrefixes_AreTolerated(string path)
    {
        await using var mock = await MockFixture.StartAsync();
        var body = path.EndsWith("/messages", StringComparison.Ordinal) ? Bodies.Anthropic("prefixed") : Bodies.Chat("prefixed");
        var (response, json) = await mock.PostJsonAsync(path, body);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("mock: prefixed", json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_Answers404()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync("/v1/embeddings", Bodies.Chat("x"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.True(json.TryGetProperty("error", out _));
        Assert.Equal(MockEndpoint.NotFound, mock.Server.LastRequest!.Endpoint);
    }

    [Fact]
    public async Task InvalidJson_Answers400()
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(Bodies.MessagesPath, "{oops"));

        Assert.Equal(400, (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TextHeader_ReplacesTheEcho()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, json) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.Text, "exact reply"), (MockHeaders.Deltas, "2"));

        Assert.Equal("exact reply", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static async Task<JsonElement> GetJsonAsync(MockFixture mock, string path)
    {
        using var response = await mock.Client.GetAsync(new Uri(path, UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
