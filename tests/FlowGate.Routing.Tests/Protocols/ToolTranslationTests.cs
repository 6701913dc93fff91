using System.Text.Json;
using static FlowGate.Routing.Tests.Protocols.Translate;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>Tool definitions, names, calls, results and choice across protocols.</summary>
public sealed class ToolTranslationTests
{
    private static readonly string LongName = "mcp__a_very_long_server_name_for_testing__and_an_even_longer_tool_name_x";

    private static string AnthropicWithTool(string name) => """
        {"model":"m","max_tokens":100,
         "tools":[{"name":"NAME","description":"d","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
         "tool_choice":{"type":"tool","name":"NAME"},
         "messages":[
           {"role":"user","content":"go"},
           {"role":"assistant","content":[{"type":"text","text":"calling"},{"type":"tool_use","id":"toolu_1","name":"NAME","input":{"q":"x"}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"done"}]}]}
        """.Replace("NAME", name, StringComparison.Ordinal);

    [Theory]
    [InlineData(Chat)]
    [InlineData(Responses)]
    public void LongToolName_HashedEverywhere_AndMappedBack(ClientProtocol to)
    {
        Assert.True(LongName.Length > 64);

        var (body, context) = Run(AnthropicWithTool(LongName), Anthropic, to);

        var wire = Assert.Single(context.ToolNames).Key;
        Assert.Equal(LongName, context.ToolNames[wire]);
        Assert.Equal(64, wire.Length);
        Assert.StartsWith(LongName[..55] + "_", wire, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{55}_[0-9a-f]{8}$", wire);
        var raw = body.GetRawText();
        Assert.DoesNotContain(LongName, raw, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(raw, $"\"{wire}\""));
    }

    [Theory]
    [InlineData("mcp:server.tool")]
    [InlineData("read.file")]
    [InlineData("ünïcode")]
    public void NameWithBadCharacters_Sanitised_AndMappedBack(string name)
    {
        var (body, context) = Run(AnthropicWithTool(name), Anthropic, Chat);

        var wire = body.GetProperty("tools")[0].GetProperty("function").Str("name")!;
        Assert.Matches("^[A-Za-z0-9_-]{1,55}_[0-9a-f]{8}$", wire);
        Assert.Equal(name, context.ToolNames[wire]);
        Assert.Equal(wire, body.GetProperty("tool_choice").GetProperty("function").Str("name"));
        Assert.Equal(wire, body.GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("function").Str("name"));
    }

    [Fact]
    public void SanitisedNames_ThatLookAlike_StayDistinct()
    {
        var (a, _) = Run(AnthropicWithTool("a.b"), Anthropic, Chat);
        var (b, _) = Run(AnthropicWithTool("a:b"), Anthropic, Chat);

        Assert.NotEqual(a.GetProperty("tools")[0].GetProperty("function").Str("name"), b.GetProperty("tools")[0].GetProperty("function").Str("name"));
    }

    [Fact]
    public void ValidName_Unchanged_NotInToolNames()
    {
        var (body, context) = Run(AnthropicWithTool("Bash"), Anthropic, Responses);

        Assert.Equal("Bash", body.GetProperty("tools")[0].Str("name"));
        Assert.Empty(context.ToolNames);
    }

    [Fact]
    public void AnthropicToolUse_ToChat_OneAssistantMessageThenToolMessage()
    {
        var (body, _) = Run(AnthropicWithTool("Bash"), Anthropic, Chat);

        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m.Str("role")));
        Assert.Equal("calling", messages[1].Str("content"));
        var call = Assert.Single(messages[1].GetProperty("tool_calls").Items());
        Assert.Equal("toolu_1", call.Str("id"));
        Assert.Equal("function", call.Str("type"));
        Assert.Equal("""{"q":"x"}""", call.GetProperty("function").Str("arguments"));
        Assert.Equal("toolu_1", messages[2].Str("tool_call_id"));
        Assert.Equal("done", messages[2].Str("content"));
    }

    [Fact]
    public void ToolResultWithRemainingUserText_ToChat_ToolMessagesBeforeTheText()
    {
        const string json = """
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"a","name":"t","input":{}},{"type":"tool_use","id":"b","name":"t","input":{}}]},
              {"role":"user","content":[{"type":"text","text":"before"},{"type":"tool_result","tool_use_id":"a","content":[{"type":"text","text":"r1"},{"type":"text","text":"r2"}]},{"type":"tool_result","tool_use_id":"b","content":"rb","is_error":true},{"type":"text","text":"after"}]}]}
            """;

        var (body, context) = Run(json, Anthropic, Chat);

        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["user", "assistant", "tool", "tool", "user"], messages.Select(m => m.Str("role")));
        Assert.Equal("", messages[1].Str("content"));
        Assert.Equal(["a", "b"], messages[2..4].Select(m => m.Str("tool_call_id")));
        Assert.Equal("r1\n\nr2", messages[2].Str("content"));
        Assert.Equal(["before", "after"], messages[4].GetProperty("content").Items().Select(p => p.Str("text")));
        Assert.Contains("tool_result.is_error", context.Dropped);
    }

    [Fact]
    public void ChatToolMessages_ToAnthropic_ResultsLeadTheMergedUserTurn()
    {
        const string json = """
            {"model":"m","messages":[
              {"role":"system","content":"sys"},
              {"role":"user","content":"go"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"t","arguments":"{\"a\":1}"}},{"id":"c2","type":"function","function":{"name":"t","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"one"},
              {"role":"user","content":"interjection"},
              {"role":"tool","tool_call_id":"c2","content":[{"type":"text","text":"two"}]}],
             "tools":[{"type":"function","function":{"name":"t","parameters":{"type":"object"}}}]}
            """;

        var (body, _) = Run(json, Chat, Anthropic);

        Assert.Equal("sys", body.GetProperty("system")[0].Str("text"));
        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.Str("role")));
        var calls = messages[1].GetProperty("content").Items();
        Assert.Equal(["tool_use", "tool_use"], calls.Select(c => c.Str("type")));
        Assert.Equal("""{"a":1}""", calls[0].GetProperty("input").GetRawText());
        var user = messages[2].GetProperty("content").Items();
        Assert.Equal(["tool_result", "tool_result", "text"], user.Select(b => b.Str("type")));
        Assert.Equal(["c1", "c2"], user[..2].Select(b => b.Str("tool_use_id")));
        Assert.Equal("interjection", user[2].Str("text"));
        Assert.Equal("""{"type":"object","properties":{}}""", body.GetProperty("tools")[0].GetProperty("input_schema").GetRawText());
    }

    [Fact]
    public void ConsecutiveFunctionCalls_ToChat_OneAssistantMessage_OutputsAsToolMessages()
    {
        const string json = """
            {"model":"m","input":[
              {"type":"message","role":"user","content":[{"type":"input_text","text":"go"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"let me"}]},
              {"type":"function_call","call_id":"c1","name":"f","arguments":"{\"x\":1}"},
              {"type":"function_call","call_id":"c2","name":"f","arguments":"{\"x\":2}"},
              {"type":"function_call_output","call_id":"c1","output":"o1"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"meanwhile"}]},
              {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"o2"}]}]}
            """;

        var (body, _) = Run(json, Responses, Chat);

        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["user", "assistant", "tool", "tool", "user"], messages.Select(m => m.Str("role")));
        Assert.Equal("let me", messages[1].Str("content"));
        Assert.Equal(["c1", "c2"], messages[1].GetProperty("tool_calls").Items().Select(c => c.Str("id")));
        Assert.Equal(["""{"x":1}""", """{"x":2}"""], messages[1].GetProperty("tool_calls").Items().Select(c => c.GetProperty("function").Str("arguments")));
        Assert.Equal(["o1", "o2"], messages[2..4].Select(m => m.Str("content")));
        Assert.Equal("meanwhile", messages[4].Str("content"));
    }

    [Fact]
    public void FunctionCalls_ToAnthropic_MergedAssistantTurnAndResultsFirst()
    {
        const string json = """
            {"model":"m","input":[
              {"role":"user","content":"go"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"let me"}]},
              {"type":"function_call","call_id":"c1","name":"f","arguments":"{\"x\":1}"},
              {"type":"function_call","call_id":"c2","name":"f","arguments":"not json"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"meanwhile"}]},
              {"type":"function_call_output","call_id":"c1","output":"o1"},
              {"type":"function_call_output","call_id":"c2","output":"o2"}]}
            """;

        var (body, context) = Run(json, Responses, Anthropic);

        var messages = body.GetProperty("messages").Items();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.Str("role")));
        Assert.Equal(["text", "tool_use", "tool_use"], messages[1].GetProperty("content").Items().Select(b => b.Str("type")));
        Assert.Equal("{}", messages[1].GetProperty("content")[2].GetProperty("input").GetRawText());
        Assert.Contains(context.Dropped, d => d.StartsWith("tool call arguments", StringComparison.Ordinal));
        Assert.Equal(["tool_result", "tool_result", "text"], messages[2].GetProperty("content").Items().Select(b => b.Str("type")));
        Assert.Equal("o1", messages[2].GetProperty("content")[0].GetProperty("content")[0].Str("text"));
    }

    [Fact]
    public void NamespaceTools_Flattened_CallsWithNamespaceMatch()
    {
        const string json = """
            {"model":"m","tools":[{"type":"namespace","name":"agents","description":"d","tools":[{"type":"function","name":"spawn","parameters":{"type":"object","properties":{}}}]}],
             "input":[{"role":"user","content":"go"},
               {"type":"function_call","call_id":"c1","namespace":"agents","name":"spawn","arguments":"{}"},
               {"type":"function_call_output","call_id":"c1","output":"ok"}]}
            """;

        var (body, context) = Run(json, Responses, Anthropic);

        Assert.Equal("agents__spawn", body.GetProperty("tools")[0].Str("name"));
        Assert.Equal("agents__spawn", body.GetProperty("messages")[1].GetProperty("content")[0].Str("name"));
        Assert.Equal("spawn", context.ToolNames["agents__spawn"]);
        Assert.Equal("agents", context.ToolNamespaces["agents__spawn"]);
    }

    [Theory]
    [InlineData(Chat)]
    [InlineData(Anthropic)]
    public void CustomTool_WrappedAsFunctionWithInputString(ClientProtocol to)
    {
        const string json = """
            {"model":"m","tools":[{"type":"custom","name":"apply_patch","description":"patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}}],
             "input":[{"role":"user","content":"go"},
               {"type":"custom_tool_call","call_id":"c1","name":"apply_patch","input":"*** Begin Patch\n\"quoted\""},
               {"type":"custom_tool_call_output","call_id":"c1","output":"applied"}]}
            """;

        var (body, context) = Run(json, Responses, to);

        Assert.Equal(["apply_patch"], context.WrappedTools);
        JsonElement schema;
        JsonElement arguments;
        if (to == Chat)
        {
            schema = body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters");
            arguments = Json(body.GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("function").Str("arguments")!);
            Assert.Equal("applied", body.GetProperty("messages")[2].Str("content"));
        }
        else
        {
            schema = body.GetProperty("tools")[0].GetProperty("input_schema");
            arguments = body.GetProperty("messages")[1].GetProperty("content")[0].GetProperty("input");
            Assert.Equal("c1", body.GetProperty("messages")[2].GetProperty("content")[0].Str("tool_use_id"));
        }

        Assert.Equal("string", schema.GetProperty("properties").GetProperty("input").Str("type"));
        Assert.Equal("*** Begin Patch\n\"quoted\"", arguments.Str("input"));
    }

    [Fact]
    public void WebSearch_MapsToEachEquivalent()
    {
        const string anthropic = """{"model":"m","max_tokens":10,"messages":[],"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}]}""";
        const string responses = """{"model":"m","input":"hi","tools":[{"type":"web_search"}]}""";

        Assert.Equal("web_search", Run(anthropic, Anthropic, Responses).Body.GetProperty("tools")[0].Str("type"));
        var toChat = Run(anthropic, Anthropic, Chat);
        Assert.False(toChat.Body.Has("tools"));
        Assert.Contains(toChat.Context.Dropped, d => d.StartsWith("web_search", StringComparison.Ordinal));
        Assert.Equal("web_search_20250305", Run(responses, Responses, Anthropic).Body.GetProperty("tools")[0].Str("type"));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any"}""", "\"required\"", null)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"t"}""", """{"type":"function","function":{"name":"t"}}""", null)]
    [InlineData("""{"type":"auto","disable_parallel_tool_use":true}""", "\"auto\"", false)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":false}""", "\"required\"", true)]
    public void ToolChoice_AnthropicToChat(string anthropic, string chat, bool? parallel)
    {
        var json = $$$$"""{"model":"m","max_tokens":10,"messages":[],"tools":[{"name":"t","input_schema":{"type":"object","properties":{}}}],"tool_choice":{{{{anthropic}}}}}""";

        var (body, _) = Run(json, Anthropic, Chat);

        Assert.True(JsonElement.DeepEquals(Json(chat), body.GetProperty("tool_choice")));
        Assert.Equal(parallel, body.TryGetProperty("parallel_tool_calls", out var p) ? p.GetBoolean() : null);
    }

    [Theory]
    [InlineData("\"auto\"", null, """{"type":"auto"}""")]
    [InlineData("\"required\"", null, """{"type":"any"}""")]
    [InlineData("\"none\"", null, """{"type":"none"}""")]
    [InlineData("""{"type":"function","name":"t"}""", null, """{"type":"tool","name":"t"}""")]
    [InlineData(null, "false", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData("\"required\"", "false", """{"type":"any","disable_parallel_tool_use":true}""")]
    public void ToolChoice_ResponsesToAnthropic(string? choice, string? parallel, string expected)
    {
        var extra = (choice is null ? "" : $",\"tool_choice\":{choice}") + (parallel is null ? "" : $",\"parallel_tool_calls\":{parallel}");
        var json = $$$$"""{"model":"m","input":"hi","tools":[{"type":"function","name":"t","parameters":{"type":"object","properties":{}}}]{{{{extra}}}}}""";

        var (body, _) = Run(json, Responses, Anthropic);

        Assert.True(JsonElement.DeepEquals(Json(expected), body.GetProperty("tool_choice")), body.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public void Schemas_KeptByteForByte_MissingPropertiesAdded()
    {
        const string schema = """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"a":{"type":"number","enum":[1,2.50,3e2]},"ü":{"description":"\u00e9 \"q\""}},"required":["a"],"additionalProperties":false}""";
        var json = $$$$"""{"model":"m","max_tokens":10,"messages":[],"tools":[{"name":"full","input_schema":{{{{schema}}}}},{"name":"bare","input_schema":{"type":"object","required":[]}},{"name":"none"}]}""";

        var (chat, _) = Run(json, Anthropic, Chat);
        var (responses, _) = Run(json, Anthropic, Responses);

        Assert.Equal(schema, chat.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetRawText());
        Assert.Equal(schema, responses.GetProperty("tools")[0].GetProperty("parameters").GetRawText());
        Assert.Equal("""{"type":"object","required":[],"properties":{}}""", chat.GetProperty("tools")[1].GetProperty("function").GetProperty("parameters").GetRawText());
        Assert.Equal("""{"type":"object","properties":{}}""", responses.GetProperty("tools")[2].GetProperty("parameters").GetRawText());
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
