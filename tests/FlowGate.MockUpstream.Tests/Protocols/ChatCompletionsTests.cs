using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream.Tests.Support;

namespace FlowGate.MockUpstream.Tests.Protocols;

public sealed class ChatCompletionsTests
{
    [Fact]
    public async Task Stream_SendsChunksAUsageChunkAndDone()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, events) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("hello chat", stream: true, model: "gpt-x"));

        Assert.Equal("text/event-stream", MockFixture.ContentType(response));
        Assert.All(events, e => Assert.Null(e.Name));
        Assert.True(events[^1].IsDone);
        var chunks = events[..^1].Select(e => e.Json()).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.Equal("gpt-x", c.GetProperty("model").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());

        var withChoices = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0]).ToList();
        var text = string.Concat(withChoices.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : null));
        Assert.Equal("mock: hello chat", text);
        Assert.Equal("stop", withChoices[^1].GetProperty("finish_reason").GetString());
        Assert.All(withChoices[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("finish_reason").ValueKind));

        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        Assert.Equal(8, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 8, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_HasNoUsageChunk()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, events) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("hi", stream: true, includeUsage: false));

        Assert.True(events[^1].IsDone);
        Assert.All(events[..^1], e => Assert.False(e.Json().TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task NonStream_ReturnsACompletion()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, json) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("hello chat"));

        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("mock: hello chat", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(8, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_ToolMarker_StreamsToolCallFragments()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, events) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("run [[tool:shell]]", stream: true, tools: Bodies.ChatTools("shell")));

        var calls = events[..^1].Select(e => e.Json()).Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.True(calls.Count > 1);
        Assert.Equal("shell", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.StartsWith("call_", calls[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.All(calls[1..], c => Assert.False(c.TryGetProperty("id", out _)));
        Assert.All(calls, c => Assert.Equal(0, c.GetProperty("index").GetInt32()));
        var arguments = string.Concat(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()));
        using var parsed = JsonDocument.Parse(arguments);
        Assert.Equal("echo mock-tool-ok", parsed.RootElement.GetProperty("command").GetString());

        var finish = events[^3].Json().GetProperty("choices")[0].GetProperty("finish_reason").GetString();
        Assert.Equal("tool_calls", finish);
    }

    [Fact]
    public async Task NonStream_ToolResultMessage_IsAcknowledged()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Chat("[[tool:shell]]", tools: Bodies.ChatTools("shell"));
        var messages = body["messages"]!.AsArray();
        messages.Add(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "shell", ["arguments"] = "{}" },
            }),
        });
        messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = "call_1", ["content"] = "0123456789012345678901234567890123456789-tail" });
        var (_, json) = await mock.PostJsonAsync(Bodies.ChatPath, body);

        var choice = json.GetProperty("choices")[0];
        Assert.Equal("mock: tool result received: 0123456789012345678901234567890123456789…", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task NonStream_ReasoningEffort_AddsReasoningContent()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.Chat("think");
        body["reasoning_effort"] = "high";
        var (_, json) = await mock.PostJsonAsync(Bodies.ChatPath, body);

        Assert.StartsWith("mock thinking", json.GetProperty("choices")[0].GetProperty("message").GetProperty("reasoning_content").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32() > 0);
    }
}
