using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream.Tests.Support;
using FlowGate.TestUtils;

namespace FlowGate.MockUpstream.Tests.Protocols;

public sealed class ResponsesTests
{
    [Fact]
    public async Task Stream_FollowsTheResponsesEventSequence()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Deltas = 3 });
        var (_, events) = await mock.PostStreamAsync(Bodies.ResponsesPath, Bodies.ResponsesBody("hello codex", stream: true, model: "codex-x"));

        string[] expected =
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ];
        Assert.Equal(expected, events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(e.Name, e.Type));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Json().GetProperty("sequence_number").GetInt32()));
        Assert.DoesNotContain(events, e => e.IsDone);

        var createdId = events[0].Json().GetProperty("response").GetProperty("id").GetString();
        var completed = events[^1].Json().GetProperty("response");
        Assert.Equal(createdId, completed.GetProperty("id").GetString());
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal("codex-x", completed.GetProperty("model").GetString());
        var usage = completed.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + 3, usage.GetProperty("total_tokens").GetInt32());

        var item = events[^2].Json().GetProperty("item");
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.Equal("mock: hello codex", item.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(item.GetRawText(), completed.GetProperty("output")[0].GetRawText());
    }

    [Fact]
    public async Task NonStream_ReturnsAResponse()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.ResponsesBody("ignored");
        body["input"] = "plain string input";
        var (_, json) = await mock.PostJsonAsync(Bodies.ResponsesPath, body);

        Assert.Equal("response", json.GetProperty("object").GetString());
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("mock: plain string input", json.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(json.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Stream_WithEncryptedReasoning_EmitsAReasoningItemFirst()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Name = "mock-r" });
        var body = Bodies.ResponsesBody("think", stream: true);
        body["reasoning"] = new JsonObject { ["effort"] = "high", ["summary"] = "auto" };
        body["include"] = new JsonArray("reasoning.encrypted_content");
        var (_, events) = await mock.PostStreamAsync(Bodies.ResponsesPath, body);

        var done = events.Where(e => e.Type == "response.output_item.done").Select(e => e.Json()).ToList();
        Assert.Equal(["reasoning", "message"], done.Select(d => d.GetProperty("item").GetProperty("type").GetString()));
        Assert.Equal([0, 1], done.Select(d => d.GetProperty("output_index").GetInt32()));
        var reasoning = done[0].GetProperty("item");
        Assert.StartsWith("mocksig.mock-r.", reasoning.GetProperty("encrypted_content").GetString(), StringComparison.Ordinal);
        Assert.Equal("summary_text", reasoning.GetProperty("summary")[0].GetProperty("type").GetString());
        Assert.Contains(events, e => e.Type == "response.reasoning_summary_text.delta");
        var usage = events[^1].Json().GetProperty("response").GetProperty("usage");
        Assert.True(usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Stream_TheRealCodexRequestWithToolHeader_CallsExecCommand()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = JsonNode.Parse(ClientFixtures.Body(ClientFixtures.Codex))!;
        var (_, events) = await mock.PostStreamAsync(Bodies.ResponsesPath, body, (MockHeaders.Tool, "exec_command"));

        var deltas = string.Concat(events.Where(e => e.Type == "response.function_call_arguments.delta").Select(e => e.Json().GetProperty("delta").GetString()));
        var argumentsDone = events.Single(e => e.Type == "response.function_call_arguments.done").Json().GetProperty("arguments").GetString();
        Assert.Equal(argumentsDone, deltas);

        var call = events.Where(e => e.Type == "response.output_item.done").Select(e => e.Json().GetProperty("item")).Single(i => i.GetProperty("type").GetString() == "function_call");
        Assert.Equal("exec_command", call.GetProperty("name").GetString());
        Assert.StartsWith("call_", call.GetProperty("call_id").GetString(), StringComparison.Ordinal);
        using var arguments = JsonDocument.Parse(Assert.IsType<string>(call.GetProperty("arguments").GetString()));
        Assert.Equal("echo mock-tool-ok", arguments.RootElement.GetProperty("cmd").GetString());

        var completed = events[^1].Json().GetProperty("response");
        Assert.Equal("response.completed", events[^1].Type);
        Assert.Contains(completed.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() == "function_call");
        Assert.Contains(completed.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() == "reasoning");
    }

    [Fact]
    public async Task NonStream_FunctionCallOutput_IsAcknowledged()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.ResponsesBody("[[tool:shell]]", tools: Bodies.ResponsesTools("shell"));
        var input = body["input"]!.AsArray();
        input.Add(new JsonObject { ["type"] = "function_call", ["name"] = "shell", ["arguments"] = "{}", ["call_id"] = "call_1" });
        input.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = "call_1", ["output"] = "mock-tool-ok" });
        var (_, json) = await mock.PostJsonAsync(Bodies.ResponsesPath, body);

        var output = json.GetProperty("output");
        Assert.Equal(1, output.GetArrayLength());
        Assert.Equal("mock: tool result received: mock-tool-ok", output[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task NonStream_MarkerWithArguments_UsesThem()
    {
        await using var mock = await MockFixture.StartAsync();
        var body = Bodies.ResponsesBody("""go [[tool:shell {"command":["ls","-la"]}]]""", tools: Bodies.ResponsesTools("shell"));
        var (_, json) = await mock.PostJsonAsync(Bodies.ResponsesPath, body);

        var call = json.GetProperty("output").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "function_call");
        Assert.Equal("""{"command":["ls","-la"]}""", call.GetProperty("arguments").GetString());
    }
}
