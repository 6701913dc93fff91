using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream.Tests.Support;
using FlowGate.TestUtils;

namespace FlowGate.MockUpstream.Tests.Protocols;

public sealed class AnthropicMessagesTests
{
    [Fact]
    public async Task Stream_FollowsTheMessagesEventSequence()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, events) = await mock.PostStreamAsync(Bodies.MessagesPath, Bodies.Anthropic("hello world", stream: true, model: "claude-x"));

        Assert.Equal("text/event-stream", MockFixture.ContentType(response));
        var names = events.Select(e => e.Name).ToList();
        Assert.Equal(["message_start", "content_block_start"], names.Take(2));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], names.TakeLast(3));
        Assert.All(events, e => Assert.Equal(e.Name, e.Type));

        var start = events[0].Json().GetProperty("message");
        Assert.Equal("claude-x", start.GetProperty("model").GetString());
        Assert.StartsWith("msg_", start.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, start.GetProperty("content").GetArrayLength());

        var text = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json().GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal("mock: hello world", text);
        Assert.Equal(8, events.Count(e => e.Name == "content_block_delta"));

        var delta = events[^2].Json();
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(8, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        AssertSequentialBlocks(events);
    }

    [Fact]
    public async Task NonStream_EchoesTheLastUserTextWithDeterministicUsage()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Deltas = 4 });
        var body = Bodies.Anthropic("what is up");
        var (response, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body);
        var (_, again) = await mock.PostJsonAsync(Bodies.MessagesPath, body);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Equal("assistant", json.GetProperty("role").GetString());
        Assert.Equal("mock: what is up", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(again.GetProperty("content").GetRawText(), json.GetProperty("content").GetRawText());
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(body.ToJsonString().Length / 4, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(4, usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_WithThinking_SendsASignedThinkingBlockFirst()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Name = "mock-a" });
        var body = Bodies.Anthropic("think", stream: true);
        body["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 2048 };
        var (_, events) = await mock.PostStreamAsync(Bodies.MessagesPath, body);

        AssertSequentialBlocks(events);
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Json().GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal(["thinking", "text"], starts);
        var firstStop = events.FindIndex(e => e.Name == "content_block_stop");
        var signature = events[firstStop - 1].Json().GetProperty("delta");
        Assert.Equal("signature_delta", signature.GetProperty("type").GetString());
        Assert.StartsWith("mocksig.mock-a.", signature.GetProperty("signature").GetString(), StringComparison.Ordinal);
        Assert.Contains(events, e => e.Data.Contains("thinking_delta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonStream_AdaptiveThinkingOmitted_CarriesOnlyTheSignature()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("think");
        body["thinking"] = new JsonObject { ["type"] = "adaptive", ["display"] = "omitted" };
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body);

        var thinking = json.GetProperty("content")[0];
        Assert.Equal("thinking", thinking.GetProperty("type").GetString());
        Assert.Equal(string.Empty, thinking.GetProperty("thinking").GetString());
        Assert.NotEmpty(thinking.GetProperty("signature").GetString()!);
    }

    [Fact]
    public async Task Stream_ToolMarker_StreamsAToolUseBlockWithParseableInput()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("please [[tool:Bash]]", stream: true, tools: Bodies.AnthropicTools("Read", "Bash"));
        var (_, events) = await mock.PostStreamAsync(Bodies.MessagesPath, body);

        AssertSequentialBlocks(events);
        var toolStart = events.Single(e => e.Name == "content_block_start" && e.Data.Contains("tool_use", StringComparison.Ordinal)).Json();
        var index = toolStart.GetProperty("index").GetInt32();
        Assert.Equal("Bash", toolStart.GetProperty("content_block").GetProperty("name").GetString());
        Assert.Matches("^[a-zA-Z0-9_-]+$", toolStart.GetProperty("content_block").GetProperty("id").GetString()!);
        var partial = string.Concat(events
            .Where(e => e.Name == "content_block_delta" && e.Json().GetProperty("index").GetInt32() == index)
            .Select(e => e.Json().GetProperty("delta"))
            .Select(d => Assert.IsType<string>(d.GetProperty("partial_json").GetString())));
        using var input = JsonDocument.Parse(partial);
        Assert.Equal("echo mock-tool-ok", input.RootElement.GetProperty("command").GetString());
        Assert.Equal("tool_use", events[^2].Json().GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task NonStream_ToolHeaderWildcardAndGivenArguments_CallTheFirstTool()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("no marker here", tools: Bodies.AnthropicTools("Read", "Bash"));
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body, (MockHeaders.Tool, """* {"path":"/tmp/x"}"""));

        var toolUse = json.GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("Read", toolUse.GetProperty("name").GetString());
        Assert.Equal("/tmp/x", toolUse.GetProperty("input").GetProperty("path").GetString());
        Assert.Equal("tool_use", json.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task NonStream_MarkerForAnUndefinedTool_AnswersText()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("[[tool:Nope]]", tools: Bodies.AnthropicTools("Bash")));

        Assert.DoesNotContain(json.GetProperty("content").EnumerateArray(), b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task NonStream_ToolResult_IsAcknowledged()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("[[tool:Bash]]", tools: Bodies.AnthropicTools("Bash"));
        var messages = body["messages"]!.AsArray();
        messages.Add(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "Bash", ["input"] = new JsonObject() }),
        });
        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_1", ["content"] = "mock-tool-ok\n" }),
        });
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body);

        Assert.Equal("mock: tool result received: mock-tool-ok\n", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task NonStream_MaxTokensBelowTheDeltas_StopsWithMaxTokens()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("a long enough text");
        body["max_tokens"] = 2;
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body);

        Assert.Equal("max_tokens", json.GetProperty("stop_reason").GetString());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_TheRealClaudeCodeRequest_IsAnswered()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = JsonNode.Parse(ClientFixtures.Body(ClientFixtures.ClaudeCode))!;
        var (_, events) = await mock.PostStreamAsync(Bodies.MessagesPath, body);

        AssertSequentialBlocks(events);
        Assert.Equal("message_stop", events[^1].Name);
        var text = string.Concat(events.Select(e => e.Json()).Where(j => j.TryGetProperty("delta", out var d) && d.TryGetProperty("text", out _)).Select(j => j.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal("mock: say ping", text);
        Assert.Equal("router-default", mock.Server.LastRequest!.Model);
    }

    [Fact]
    public async Task CountTokens_ReturnsAnEstimate()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Anthropic("count me");
        var (_, json) = await mock.PostJsonAsync("/v1/messages/count_tokens", body);

        Assert.Equal(body.ToJsonString().Length / 4, json.GetProperty("input_tokens").GetInt32());
    }

    /// <summary>Blocks open and close in order, indices count up from 0 and never interleave.</summary>
    internal static void AssertSequentialBlocks(List<SseEvent> events)
    {
        int? open = null;
        var next = 0;
        foreach (var e in events)
        {
            switch (e.Name)
            {
                case "content_block_start":
                    Assert.Null(open);
                    Assert.Equal(next, e.Json().GetProperty("index").GetInt32());
                    open = next++;
                    break;
                case "content_block_delta":
                    Assert.Equal(open, e.Json().GetProperty("index").GetInt32());
                    break;
                case "content_block_stop":
                    Assert.Equal(open, e.Json().GetProperty("index").GetInt32());
                    open = null;
                    break;
            }
        }

        Assert.Null(open);
        Assert.True(next > 0);
    }
}
