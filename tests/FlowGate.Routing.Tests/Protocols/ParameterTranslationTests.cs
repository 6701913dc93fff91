using System.Globalization;
using System.Text.Json;
using static FlowGate.Routing.Tests.Protocols.Translate;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>Thinking, output limits, stop sequences, images, metadata and dropped fields.</summary>
public sealed class ParameterTranslationTests
{
    private static string Anthropic(string extra) => "{\"model\":\"m\",\"max_tokens\":64000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";

    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "minimal")]
    [InlineData(512, "minimal")]
    [InlineData(513, "low")]
    [InlineData(1024, "low")]
    [InlineData(1025, "medium")]
    [InlineData(8192, "medium")]
    [InlineData(8193, "high")]
    [InlineData(24576, "high")]
    [InlineData(24577, "xhigh")]
    [InlineData(60000, "xhigh")]
    public void Budget_AtEveryTableBoundary_MapsToEffort(int budget, string effort)
    {
        var json = Anthropic(string.Create(CultureInfo.InvariantCulture, $",\"thinking\":{{\"type\":\"enabled\",\"budget_tokens\":{budget}}}"));

        Assert.Equal(effort, Run(json, Translate.Anthropic, Chat).Body.Str("reasoning_effort"));
        Assert.Equal(effort, Run(json, Translate.Anthropic, Responses).Body.GetProperty("reasoning").Str("effort"));
    }

    [Theory]
    [InlineData("""{"type":"adaptive"}""", null, "high")]
    [InlineData("""{"type":"adaptive","display":"omitted"}""", "low", "low")]
    [InlineData("""{"type":"adaptive"}""", "max", "xhigh")]
    [InlineData("""{"type":"enabled","budget_tokens":2000}""", "xhigh", "xhigh")]
    [InlineData(null, "medium", "medium")]
    public void AdaptiveAndEffort_EffortFirst(string? thinking, string? effort, string expected)
    {
        var json = Anthropic((thinking is null ? "" : $",\"thinking\":{thinking}") + (effort is null ? "" : $",\"output_config\":{{\"effort\":\"{effort}\"}}"));

        Assert.Equal(expected, Run(json, Translate.Anthropic, Chat).Body.Str("reasoning_effort"));
        Assert.Equal(expected, Run(json, Translate.Anthropic, Responses).Body.GetProperty("reasoning").Str("effort"));
    }

    [Fact]
    public void ThinkingDisabled_SendsNoEffort()
    {
        var json = Anthropic(",\"thinking\":{\"type\":\"disabled\"}");

        Assert.False(Run(json, Translate.Anthropic, Chat).Body.Has("reasoning_effort"));
        Assert.False(Run(json, Translate.Anthropic, Responses).Body.Has("reasoning"));
    }

    [Theory]
    [InlineData("minimal", 64000, 1024)]
    [InlineData("low", 64000, 1024)]
    [InlineData("medium", 64000, 8192)]
    [InlineData("high", 64000, 24576)]
    [InlineData("xhigh", 64000, 32768)]
    [InlineData("high", 4000, 3999)]
    [InlineData("medium", 1025, 1024)]
    public void Effort_ToAnthropic_BudgetFromTableBelowMaxTokens(string effort, int maxTokens, int budget)
    {
        var chat = string.Create(CultureInfo.InvariantCulture, $"{{\"model\":\"m\",\"max_completion_tokens\":{maxTokens},\"reasoning_effort\":\"{effort}\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}");
        var responses = string.Create(CultureInfo.InvariantCulture, $"{{\"model\":\"m\",\"max_output_tokens\":{maxTokens},\"reasoning\":{{\"effort\":\"{effort}\"}},\"input\":\"hi\"}}");

        foreach (var (json, from) in new[] { (chat, Chat), (responses, Responses) })
        {
            var thinking = Run(json, from, Translate.Anthropic).Body.GetProperty("thinking");
            Assert.Equal("enabled", thinking.Str("type"));
            Assert.Equal(budget, thinking.GetProperty("budget_tokens").GetInt32());
        }
    }

    [Theory]
    [InlineData("none", 64000)]
    [InlineData("high", 1024)]
    [InlineData("turbo", 64000)]
    public void Effort_ToAnthropic_NoThinkingWhenNoneOrNoRoom(string effort, int maxTokens)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $"{{\"model\":\"m\",\"max_tokens\":{maxTokens},\"reasoning_effort\":\"{effort}\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}");

        var (body, context) = Run(json, Chat, Translate.Anthropic);

        Assert.False(body.Has("thinking"));
        Assert.Equal(maxTokens, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(effort == "none", context.Dropped.Count == 0);
    }

    [Fact]
    public void ToolLoopWithoutThinkingHistory_ToAnthropic_ThinkingLeftOut()
    {
        const string json = """
            {"model":"m","reasoning_effort":"high","messages":[{"role":"user","content":"go"},
             {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"t","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"c","content":"r"}]}
            """;

        var (body, context) = Run(json, Chat, Translate.Anthropic);

        Assert.False(body.Has("thinking"));
        Assert.Contains(context.Dropped, d => d.Contains("tool-use turn", StringComparison.Ordinal));
    }

    [Fact]
    public void ThinkingHistory_DroppedAcrossProtocols_VisibleTextKept()
    {
        const string anthropic = """
            {"model":"m","max_tokens":100,"messages":[{"role":"user","content":"q"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"redacted_thinking","data":"xx"},{"type":"text","text":"answer"}]},
             {"role":"user","content":"q2"}]}
            """;
        const string responses = """
            {"model":"m","input":[{"role":"user","content":"q"},
             {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"s"}],"encrypted_content":"gAAAA"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"answer"}]},
             {"role":"user","content":"q2"}]}
            """;

        foreach (var (body, context) in new[] { Run(anthropic, Translate.Anthropic, Responses), Run(anthropic, Translate.Anthropic, Chat), Run(responses, Responses, Translate.Anthropic), Run(responses, Responses, Chat) })
        {
            var raw = body.GetRawText();
            foreach (var secret in (string[])["sig", "hmm", "gAAAA", "\"reasoning\"", "thinking", "reasoning_content"])
            {
                Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
            }

            Assert.Contains("answer", raw, StringComparison.Ordinal);
            Assert.Contains("q2", raw, StringComparison.Ordinal);
            Assert.Contains(context.Dropped, d => d.StartsWith("thinking/reasoning history", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(Chat, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", 32000)]
    [InlineData(Chat, """{"model":"m","max_tokens":500,"messages":[{"role":"user","content":"hi"}]}""", 500)]
    [InlineData(Chat, """{"model":"m","max_tokens":500,"max_completion_tokens":700,"messages":[{"role":"user","content":"hi"}]}""", 700)]
    [InlineData(Responses, """{"model":"m","input":"hi"}""", 32000)]
    [InlineData(Responses, """{"model":"m","input":"hi","max_output_tokens":900}""", 900)]
    public void MaxTokens_ToAnthropic_DefaultWhenMissing(ClientProtocol from, string json, int expected) =>
        Assert.Equal(expected, Run(json, from, Translate.Anthropic).Body.GetProperty("max_tokens").GetInt32());

    [Fact]
    public void MaxTokens_FromAnthropic()
    {
        var json = Anthropic(string.Empty);

        Assert.Equal(64000, Run(json, Translate.Anthropic, Chat).Body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(64000, Run(json, Translate.Anthropic, Responses).Body.GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public void StopSequences_EachWay()
    {
        var five = Anthropic(",\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"]");
        var (chat, chatContext) = Run(five, Translate.Anthropic, Chat);
        Assert.Equal(["a", "b", "c", "d"], chat.GetProperty("stop").Strings());
        Assert.Contains("stop sequences beyond the fourth", chatContext.Dropped);

        var (responses, responsesContext) = Run(five, Translate.Anthropic, Responses);
        Assert.False(responses.Has("stop"));
        Assert.Contains(responsesContext.Dropped, d => d.StartsWith("stop sequences", StringComparison.Ordinal));

        var fromChat = Run("""{"model":"m","stop":"END","messages":[{"role":"user","content":"hi"}]}""", Chat, Translate.Anthropic).Body;
        Assert.Equal(["END"], fromChat.GetProperty("stop_sequences").Strings());
    }

    [Fact]
    public void Sampling_RawNumbersKept_TopKOnlyToAnthropic()
    {
        var json = Anthropic(",\"temperature\":0.70,\"top_p\":1e-1,\"top_k\":5");

        var (chat, context) = Run(json, Translate.Anthropic, Chat);

        Assert.Equal("0.70", chat.GetProperty("temperature").GetRawText());
        Assert.Equal("1e-1", chat.GetProperty("top_p").GetRawText());
        Assert.False(chat.Has("top_k"));
        Assert.Contains("top_k", context.Dropped);
    }

    [Fact]
    public void Images_AnthropicToChatAndResponses_AndBack()
    {
        const string json = """
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}},
              {"type":"image","source":{"type":"url","url":"https://x.test/a.jpg"}},
              {"type":"text","text":"what?"}]}]}
            """;

        var chatParts = Run(json, Translate.Anthropic, Chat).Body.GetProperty("messages")[0].GetProperty("content").Items();
        Assert.Equal(["image_url", "image_url", "text"], chatParts.Select(p => p.Str("type")));
        Assert.Equal("data:image/png;base64,iVBORw0K", chatParts[0].GetProperty("image_url").Str("url"));
        Assert.Equal("https://x.test/a.jpg", chatParts[1].GetProperty("image_url").Str("url"));

        var responsesParts = Run(json, Translate.Anthropic, Responses).Body.GetProperty("input")[0].GetProperty("content").Items();
        Assert.Equal(["input_image", "input_image", "input_text"], responsesParts.Select(p => p.Str("type")));
        Assert.Equal("data:image/png;base64,iVBORw0K", responsesParts[0].Str("image_url"));

        const string chat = """
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},{"type":"image_url","image_url":{"url":"https://x.test/b.png","detail":"high"}}]}]}
            """;
        var blocks = Run(chat, Chat, Translate.Anthropic).Body.GetProperty("messages")[0].GetProperty("content").Items();
        Assert.True(JsonElement.DeepEquals(Json("""{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}"""), blocks[0].GetProperty("source")));
        Assert.True(JsonElement.DeepEquals(Json("""{"type":"url","url":"https://x.test/b.png"}"""), blocks[1].GetProperty("source")));

        const string responses = """{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/webp;base64,UklGR"}]}]}""";
        var block = Run(responses, Responses, Translate.Anthropic).Body.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("image/webp", block.GetProperty("source").Str("media_type"));
    }

    [Fact]
    public void ImageInToolResult_ToChat_MovesIntoTheFollowingUserMessage()
    {
        const string json = """
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"go"},
             {"role":"assistant","content":[{"type":"tool_use","id":"c","name":"shot","input":{}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"c","content":[{"type":"text","text":"see"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA"}}]}]}]}
            """;

        var messages = Run(json, Translate.Anthropic, Chat).Body.GetProperty("messages").Items();

        Assert.Equal(["user", "assistant", "tool", "user"], messages.Select(m => m.Str("role")));
        Assert.Equal("see", messages[2].Str("content"));
        Assert.Equal("data:image/png;base64,AA", messages[3].GetProperty("content")[0].GetProperty("image_url").Str("url"));

        var output = Run(json, Translate.Anthropic, Responses).Body.GetProperty("input")[2];
        Assert.Equal(["input_text", "input_image"], output.GetProperty("output").Items().Select(p => p.Str("type")));
    }

    [Fact]
    public void UserId_AndUser_MapBothWays()
    {
        Assert.Equal("u-1", Run(Anthropic(",\"metadata\":{\"user_id\":\"u-1\"}"), Translate.Anthropic, Responses).Body.Str("user"));
        Assert.Equal("u-2", Run("""{"model":"m","user":"u-2","messages":[]}""", Chat, Translate.Anthropic).Body.GetProperty("metadata").Str("user_id"));
    }

    [Fact]
    public void ChatToResponses_SharedMembersCarried_FormatMapped_OthersDropped()
    {
        const string json = """
            {"model":"m","messages":[{"role":"developer","content":"be brief"},{"role":"user","content":"hi"}],"stream":true,
             "service_tier":"flex","seed":7,"logprobs":true,"verbosity":"low",
             "response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}}}
            """;

        var (body, context) = Run(json, Chat, Responses);

        Assert.Equal("be brief", body.Str("instructions"));
        Assert.Equal("flex", body.Str("service_tier"));
        Assert.False(body.Has("seed"));
        Assert.Contains("seed", context.Dropped);
        Assert.Contains("logprobs", context.Dropped);
        Assert.False(body.Has("stream_options"));
        var text = body.GetProperty("text");
        Assert.Equal("low", text.Str("verbosity"));
        Assert.Equal("json_schema", text.GetProperty("format").Str("type"));
        Assert.Equal("out", text.GetProperty("format").Str("name"));
        Assert.True(text.GetProperty("format").GetProperty("strict").GetBoolean());

        var back = Run(body.GetRawText(), Responses, Chat).Body;
        Assert.Equal("out", back.GetProperty("response_format").GetProperty("json_schema").Str("name"));
        Assert.Equal("flex", back.Str("service_tier"));
    }

    [Fact]
    public void PreviousResponseId_Refused_NullAccepted()
    {
        var error = Assert.Throws<InvalidRequestBodyException>(() => Run("""{"model":"m","input":"hi","previous_response_id":"resp_SECRET"}""", Responses, Chat));
        Assert.Contains("previous_response_id", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);

        Assert.Equal("m", Run("""{"model":"m","input":"hi","previous_response_id":null}""", Responses, Chat).Context.Model);
    }

    [Fact]
    public void AttributionBlock_DroppedOnlyWhenItLeadsWithTheHeader()
    {
        const string json = """
            {"model":"m","max_tokens":10,"messages":[],"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=1"},{"type":"text","text":"mentions x-anthropic-billing-header: later"}]}
            """;

        var (body, _) = Run(json, Translate.Anthropic, Responses);

        Assert.Equal("mentions x-anthropic-billing-header: later", body.Str("instructions"));
    }
}
