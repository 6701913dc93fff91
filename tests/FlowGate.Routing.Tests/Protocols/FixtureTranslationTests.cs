using System.Text;
using System.Text.Json;
using FlowGate.Routing.Protocols;
using FlowGate.TestUtils;
using static FlowGate.Routing.Tests.Protocols.Translate;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>The real Claude Code and Codex requests through every other protocol.</summary>
public sealed class FixtureTranslationTests
{
    private static JsonElement ClaudeBody => Json(Encoding.UTF8.GetString(ClientFixtures.Body(ClientFixtures.ClaudeCode)));

    private static JsonElement CodexBody => Json(Encoding.UTF8.GetString(ClientFixtures.Body(ClientFixtures.Codex)));

    /// <summary>The Claude Code capture with its first system block restored to the attribution block the real client sends.</summary>
    private static byte[] ClaudeWithAttribution()
    {
        var text = Encoding.UTF8.GetString(ClientFixtures.Body(ClientFixtures.ClaudeCode));
        var first = ClaudeBody.GetProperty("system")[0].GetProperty("text").GetString()!;
        return Encoding.UTF8.GetBytes(text.Replace(first, "x-anthropic-billing-header: cc_version=2.1.330; cc_entrypoint=cli;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ClientFixtures.ClaudeCode, ClientProtocol.AnthropicMessages)]
    [InlineData(ClientFixtures.Codex, ClientProtocol.OpenAIResponses)]
    public void SameProtocol_PassesTheBytesThrough(string fixture, ClientProtocol protocol)
    {
        var body = ClientFixtures.Body(fixture);

        var translated = ProtocolTranslator.TranslateRequest(body, protocol, protocol);

        Assert.Equal(body, translated.Body);
        Assert.True(translated.Context.IsPassThrough);
        Assert.Equal("router-default", translated.Context.Model);
        Assert.True(translated.Context.Stream);
    }

    [Fact]
    public void ClaudeCode_ToChat_SystemFirstAttributionDroppedToolsAndEffortMapped()
    {
        var (body, context) = Run(ClaudeWithAttribution(), Anthropic, Chat);
        var source = ClaudeBody;

        var messages = body.GetProperty("messages").Items();
        Assert.Equal("system", messages[0].Str("role"));
        var systemTexts = source.GetProperty("system").Items().Skip(1).Select(b => b.Str("text"));
        Assert.Equal(string.Join("\n\n", systemTexts), messages[0].Str("content"));
        Assert.DoesNotContain("x-anthropic-billing-header", body.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(context.Dropped, d => d.Contains("attribution", StringComparison.Ordinal));

        // The user turn, then Claude Code's inline system message in place.
        Assert.Equal(["system", "user", "system"], messages.Select(m => m.Str("role")));
        var userParts = messages[1].GetProperty("content").Items();
        Assert.Equal(source.GetProperty("messages")[0].GetProperty("content").Items().Select(b => b.Str("text")), userParts.Select(p => p.Str("text")));

        var tools = body.GetProperty("tools").Items();
        var sourceTools = source.GetProperty("tools").Items();
        Assert.Equal(12, tools.Length);
        for (var i = 0; i < tools.Length; i++)
        {
            Assert.Equal("function", tools[i].Str("type"));
            var function = tools[i].GetProperty("function");
            Assert.Equal(sourceTools[i].Str("name"), function.Str("name"));
            Assert.Equal(sourceTools[i].Str("description"), function.Str("description"));
            Assert.True(JsonElement.DeepEquals(sourceTools[i].GetProperty("input_schema"), function.GetProperty("parameters")), sourceTools[i].Str("name"));
        }

        Assert.Equal("high", body.Str("reasoning_effort"));
        Assert.Equal(32000, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.Has("max_tokens"));
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(source.GetProperty("metadata").Str("user_id"), body.Str("user"));
        foreach (var anthropicOnly in (string[])["thinking", "output_config", "context_management", "metadata", "system"])
        {
            Assert.False(body.Has(anthropicOnly), anthropicOnly);
        }

        Assert.DoesNotContain("cache_control", body.GetRawText(), StringComparison.Ordinal);

        Assert.Contains("context_management", context.Dropped);
        Assert.Contains("tools[].defer_loading", context.Dropped);
        Assert.Empty(context.ToolNames);
        Assert.Equal("router-default", context.Model);
        Assert.True(context.Stream);
    }

    [Fact]
    public void ClaudeCode_ToResponses_InstructionsInputToolsAndReasoning()
    {
        var (body, context) = Run(ClaudeWithAttribution(), Anthropic, Responses);
        var source = ClaudeBody;

        Assert.Equal(string.Join("\n\n", source.GetProperty("system").Items().Skip(1).Select(b => b.Str("text"))), body.Str("instructions"));
        var input = body.GetProperty("input").Items();
        Assert.Equal(["user", "developer"], input.Select(i => i.Str("role")));
        Assert.All(input, i => Assert.Equal("message", i.Str("type")));
        Assert.Equal(["input_text", "input_text"], input[0].GetProperty("content").Items().Select(p => p.Str("type")));

        var tools = body.GetProperty("tools").Items();
        Assert.Equal(12, tools.Length);
        foreach (var (tool, sourceTool) in tools.Zip(source.GetProperty("tools").Items()))
        {
            Assert.Equal("function", tool.Str("type"));
            Assert.Equal(sourceTool.Str("name"), tool.Str("name"));
            Assert.False(tool.GetProperty("strict").GetBoolean());
            Assert.True(JsonElement.DeepEquals(sourceTool.GetProperty("input_schema"), tool.GetProperty("parameters")));
        }

        Assert.Equal("high", body.GetProperty("reasoning").Str("effort"));
        Assert.Equal(32000, body.GetProperty("max_output_tokens").GetInt32());
        Assert.False(body.GetProperty("store").GetBoolean());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.DoesNotContain("x-anthropic-billing-header", body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(Responses, context.Upstream);
    }

    [Fact]
    public void Codex_ToChat_DeveloperMessagesNamespaceFlattenedWebSearchDropped()
    {
        var (body, context) = Run(ClientFixtures.Body(ClientFixtures.Codex), Responses, Chat);
        var source = CodexBody;

        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["system", "system", "user"], messages.Select(m => m.Str("role")));
        var developer = source.GetProperty("input").Items();
        Assert.Equal(developer[1].GetProperty("content").Items().Select(p => p.Str("text")), messages[1].Str("content")!.Split("\n\n"));

        // The two user items are merged into one message with both texts, in order.
        var userTexts = messages[2].GetProperty("content").Items().Select(p => p.Str("text"));
        Assert.Equal(developer.Skip(2).Select(i => i.GetProperty("content")[0].Str("text")), userTexts);

        var names = body.GetProperty("tools").Items().Select(t => t.GetProperty("function").Str("name")).ToList();
        Assert.Contains("multi_agent_v1__close_agent", names);
        Assert.Contains("exec_command", names);
        Assert.Equal(12, names.Count);
        Assert.Equal("close_agent", context.ToolNames["multi_agent_v1__close_agent"]);
        Assert.Equal("multi_agent_v1", context.ToolNamespaces["multi_agent_v1__close_agent"]);
        Assert.False(body.GetRawText().Contains("web_search", StringComparison.Ordinal));
        Assert.Contains(context.Dropped, d => d.StartsWith("web_search", StringComparison.Ordinal));

        var execSource = source.GetProperty("tools").Items().First(t => t.Str("name") == "exec_command");
        var exec = body.GetProperty("tools").Items().First(t => t.GetProperty("function").Str("name") == "exec_command").GetProperty("function");
        Assert.True(JsonElement.DeepEquals(execSource.GetProperty("parameters"), exec.GetProperty("parameters")));
        Assert.False(exec.GetProperty("strict").GetBoolean());

        Assert.Equal("auto", body.Str("tool_choice"));
        Assert.True(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.False(body.Has("reasoning_effort"));
        foreach (var responsesOnly in (string[])["store", "include", "prompt_cache_key", "client_metadata", "reasoning.summary"])
        {
            Assert.Contains(responsesOnly, context.Dropped);
            Assert.False(body.Has(responsesOnly));
        }
    }

    [Fact]
    public void Codex_ToAnthropic_SystemBlocksInOrderDefaultMaxTokensThinkingFromDefaultEffort()
    {
        var (body, context) = Run(ClientFixtures.Body(ClientFixtures.Codex), Responses, Anthropic);
        var input = CodexBody.GetProperty("input").Items();

        var system = body.GetProperty("system").Items().Select(b => b.Str("text")).ToList();
        Assert.Equal(input.Take(2).SelectMany(i => i.GetProperty("content").Items()).Select(p => p.Str("text")), system);
        var messages = body.GetProperty("messages").Items();
        Assert.Single(messages);
        Assert.Equal("user", messages[0].Str("role"));
        Assert.Equal(2, messages[0].GetProperty("content").GetArrayLength());

        Assert.Equal(32000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("enabled", body.GetProperty("thinking").Str("type"));
        Assert.Equal(8192, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());

        var tools = body.GetProperty("tools").Items();
        Assert.Equal(12, tools.Length);
        Assert.All(tools, t => Assert.True(t.Has("input_schema")));
        Assert.Contains(tools, t => t.Str("name") == "multi_agent_v1__spawn_agent");
        Assert.DoesNotContain(tools, t => t.Has("type"));
        Assert.Contains(context.Dropped, d => d.Contains("live web access", StringComparison.Ordinal));
        Assert.Contains("tools[].strict", context.Dropped);
        Assert.Equal("auto", body.GetProperty("tool_choice").Str("type"));
        Assert.False(body.GetProperty("tool_choice").Has("disable_parallel_tool_use"));
        Assert.True(body.GetProperty("stream").GetBoolean());
    }
}
