using System.Text;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

public sealed class QuirkTests
{
    private const ClientProtocol Anthropic = ClientProtocol.AnthropicMessages;
    private const ClientProtocol Chat = ClientProtocol.OpenAIChat;
    private const ClientProtocol Responses = ClientProtocol.OpenAIResponses;

    private static string ChatChunk(string delta, string? finish = null, string extra = "") =>
        $"data: {{\"id\":\"chatcmpl-q1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{(finish is null ? "null" : $"\"{finish}\"")}}}]{extra}}}\n\n";

    private const string Usage = "{\"prompt_tokens\":30,\"completion_tokens\":7,\"total_tokens\":37,\"prompt_tokens_details\":{\"cached_tokens\":10}}";

    private static byte[] Bytes(params string[] parts) => Encoding.UTF8.GetBytes(string.Concat(parts));

    [Theory]
    [InlineData("anthropic-stream.sse", Anthropic, Responses)]
    [InlineData("chat-stream.sse", Chat, Anthropic)]
    [InlineData("responses-stream.sse", Responses, Anthropic)]
    public void SplitAtEveryByteOffset_SameOutput(string fixture, ClientProtocol upstream, ClientProtocol client)
    {
        var input = GoldenTests.Fixture(fixture);
        var context = StreamHarness.Context(upstream, client);
        var whole = StreamHarness.Translate(context, input);
        for (var cut = 1; cut < input.Length; cut++)
        {
            Assert.Equal(whole, StreamHarness.Translate(context, input, [cut]));
        }

        // Byte by byte too.
        Assert.Equal(whole, StreamHarness.Translate(context, input, Enumerable.Range(1, input.Length)));
    }

    [Fact]
    public void CrLfLineEndingsCommentsAndNoEventLines_SameOutput()
    {
        var input = Encoding.UTF8.GetString(GoldenTests.Fixture("responses-stream.sse"));
        var context = StreamHarness.Context(Responses, Anthropic);
        var expected = StreamHarness.Translate(context, Encoding.UTF8.GetBytes(input));
        var variant = ": keep-alive\r\n\r\n" + string.Join("\r\n", input.Split('\n').Where(l => !l.StartsWith("event:", StringComparison.Ordinal)))
            .Replace("\r\n\r\ndata:", "\r\n\r\n: ping\r\n\r\ndata:", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(variant);
        Assert.Equal(expected, StreamHarness.Translate(context, bytes));
        Assert.Equal(expected, StreamHarness.Translate(context, bytes, Enumerable.Range(1, bytes.Length).Where(i => bytes[i - 1] == '\r')));
    }

    [Fact]
    public void ChunkWithContentAndFinish_TextThenEndTurn()
    {
        var output = StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), Bytes(ChatChunk("{\"role\":\"assistant\",\"content\":\"Hi there\"}", "stop"), "data: [DONE]\n\n"));
        var assembled = StreamHarness.Stream(Anthropic, output);
        Assert.Equal(["text:Hi there"], assembled.Parts);
        Assert.Equal("end_turn", assembled.Stop);
    }

    [Fact]
    public void EmptyToolName_BecomesToolN_AndOddIdIsSanitisedForAnthropicOnly()
    {
        var input = Bytes(
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"functions.Bash:0\",\"type\":\"function\",\"function\":{\"name\":\"\",\"arguments\":\"{}\"}}]}"),
            ChatChunk("{}", "tool_calls"),
            "data: [DONE]\n\n");
        var anthropic = StreamHarness.Stream(Anthropic, StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), input));
        Assert.Equal(["tool:functions_Bash_0|tool_0|{}"], anthropic.Parts);
        Assert.Equal("tool_use", anthropic.Stop);
        var responses = StreamHarness.Stream(Responses, StreamHarness.Translate(StreamHarness.Context(Chat, Responses), input));
        Assert.Equal(["tool:functions.Bash:0|tool_0|{}#fc_q1_0"], responses.Parts);

        var whole = "{\"id\":\"chatcmpl-q1\",\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"functions.Bash:0\",\"type\":\"function\",\"function\":{\"name\":\"\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]}"u8;
        var body = StreamHarness.Body(Anthropic, ProtocolTranslator.TranslateResponse(whole, StreamHarness.Context(Chat, Anthropic, stream: false)));
        Assert.Equal(anthropic.Parts, body.Parts);
        Assert.Equal("tool_use", body.Stop);
    }

    [Fact]
    public void ToolNameAndIdSplitAcrossChunks_Reassembled()
    {
        var input = Bytes(
            ChatChunk("{\"role\":\"assistant\"}"),
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_\",\"type\":\"function\",\"function\":{\"name\":\"Ba\"}}]}"),
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"abc\",\"function\":{\"name\":\"sh\"}}]}"),
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}"),
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}"),
            ChatChunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"Read\",\"arguments\":\"{}\"}}]}"),
            ChatChunk("{}", "tool_calls"),
            "data: [DONE]\n\n");
        var assembled = StreamHarness.Stream(Anthropic, StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), input));
        Assert.Equal(["tool:call_abc|Bash|{\"a\":1}", "tool:call_2|Read|{}"], assembled.Parts);
    }

    [Fact]
    public void ToolNames_MappedBack_StreamAndWhole()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["Bash"] = "mcp__server__bash" };
        foreach (var upstream in (ClientProtocol[])[Anthropic, Chat, Responses])
        {
            foreach (var client in (ClientProtocol[])[Anthropic, Chat, Responses])
            {
                if (upstream == client)
                {
                    continue;
                }

                var name = upstream switch { Anthropic => "anthropic", Chat => "chat", _ => "responses" };
                var stream = StreamHarness.Stream(client, StreamHarness.Translate(StreamHarness.Context(upstream, client, names: names), GoldenTests.Fixture($"{name}-stream.sse")));
                Assert.Contains(stream.Parts, p => p.Contains("|mcp__server__bash|", StringComparison.Ordinal));
                var whole = Encoding.UTF8.GetString(ProtocolTranslator.TranslateResponse(GoldenTests.Fixture($"{name}-{(upstream switch { Anthropic => "message", Chat => "completion", _ => "response" })}.json"), StreamHarness.Context(upstream, client, stream: false, names: names)));
                Assert.Contains("\"mcp__server__bash\"", whole, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void WrappedCustomTool_UnwrappedIntoCustomToolCall_StreamAndWhole()
    {
        var wrapped = new HashSet<string>(StringComparer.Ordinal) { "apply_patch" };
        var input = Bytes(
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_p\",\"type\":\"function\",\"function\":{\"name\":\"apply_patch\",\"arguments\":\"{\\\"input\\\":\"}}]}"),
            ChatChunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"*** Begin Patch\\\\n+x\\\"}\"}}]}"),
            ChatChunk("{}", "tool_calls"),
            "data: [DONE]\n\n");
        var context = StreamHarness.Context(Chat, Responses, wrapped: wrapped);
        var stream = StreamHarness.Stream(Responses, StreamHarness.Translate(context, input));
        Assert.Equal(["custom:call_p|apply_patch|*** Begin Patch\n+x#ctc_q1_0"], stream.Parts);

        var whole = "{\"id\":\"chatcmpl-q1\",\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"call_p\",\"type\":\"function\",\"function\":{\"name\":\"apply_patch\",\"arguments\":\"{\\\"input\\\":\\\"*** Begin Patch\\\\n+x\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}"u8;
        var body = StreamHarness.Body(Responses, ProtocolTranslator.TranslateResponse(whole, context with { Stream = false }));
        Assert.Equal(stream.Parts, body.Parts);
    }

    [Fact]
    public void FinishWithoutUsage_ThenUsageChunk_MessageDeltaHeldForUsage()
    {
        var input = Bytes(ChatChunk("{\"content\":\"ok\"}"), ChatChunk("{}", "stop"));
        var context = StreamHarness.Context(Chat, Anthropic);
        var translator = ProtocolTranslator.CreateStreamTranslator(context);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        translator.Write(input, output);
        Assert.DoesNotContain("message_delta", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
        translator.Write(Bytes($"data: {{\"id\":\"chatcmpl-q1\",\"choices\":[],\"usage\":{Usage}}}\n\n", "data: [DONE]\n\n"), output);
        var assembled = StreamHarness.Stream(Anthropic, output.WrittenSpan.ToArray());
        Assert.Equal("in=20,out=7,cr=10,cw=0", assembled.Usage);
        translator.Complete(output);
        Assert.Equal(assembled, StreamHarness.Stream(Anthropic, output.WrittenSpan.ToArray()));
    }

    [Theory]
    [InlineData(Anthropic, "message_stop")]
    [InlineData(Responses, "response.completed")]
    public void FinishThenUsage_EndsAtTheUsageChunk_NotAtDone(ClientProtocol client, string terminal)
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(StreamHarness.Context(Chat, client));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        translator.Write(Bytes(ChatChunk("{\"content\":\"ok\"}"), ChatChunk("{}", "stop"), $"data: {{\"id\":\"chatcmpl-q1\",\"choices\":[],\"usage\":{Usage}}}\n\n"), output);
        var beforeDone = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Single(StreamHarness.Parse(output.WrittenSpan.ToArray()), e => e.Event == terminal || e.Data.Contains(terminal, StringComparison.Ordinal));
        Assert.True(translator.UpstreamEnded);

        translator.Write(Bytes("data: [DONE]\n\n"), output);
        translator.Complete(output);
        Assert.Equal(beforeDone, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void ChatPassThrough_FinishUsageDone_OneDone()
    {
        var input = Bytes(ChatChunk("{\"content\":\"ok\"}"), ChatChunk("{}", "stop"), $"data: {{\"id\":\"chatcmpl-q1\",\"choices\":[],\"usage\":{Usage}}}\n\n", "data: [DONE]\n\n");
        var output = Encoding.UTF8.GetString(StreamHarness.Translate(StreamHarness.Context(Chat, Chat), input));
        Assert.Equal(Encoding.UTF8.GetString(input), output);
    }

    [Fact]
    public void VllmUsageChunkWithNullChoices_UsageKept()
    {
        var input = Bytes(ChatChunk("{\"content\":\"ok\"}"), ChatChunk("{}", "length"), $"data: {{\"id\":\"x\",\"choices\":null,\"usage\":{Usage}}}\n\n", "data: [DONE]\n\n");
        var responses = StreamHarness.Stream(Responses, StreamHarness.Translate(StreamHarness.Context(Chat, Responses), input));
        Assert.Equal("in=30,cached=10,out=7,reasoning=0,total=37", responses.Usage);
        Assert.Equal("incomplete/max_output_tokens", responses.Stop);
        var chat = StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), input);
        Assert.Equal("max_tokens", StreamHarness.Stream(Anthropic, chat).Stop);
    }

    [Theory]
    [InlineData(Chat, Anthropic)]
    [InlineData(Anthropic, Responses)]
    [InlineData(Responses, Chat)]
    [InlineData(Chat, Chat)]
    public void UpstreamNeverFinishes_NotEnded_NothingClosed(ClientProtocol upstream, ClientProtocol client)
    {
        var name = upstream switch { Anthropic => "anthropic", Chat => "chat", _ => "responses" };
        var full = GoldenTests.Fixture($"{name}-stream.sse");
        var cut = full.AsSpan(0, full.Length / 2).ToArray();
        var (output, ended) = StreamHarness.TranslateWithEnd(StreamHarness.Context(upstream, client), cut);
        Assert.False(ended);
        var text = Encoding.UTF8.GetString(output);
        Assert.DoesNotContain("message_stop", text, StringComparison.Ordinal);
        Assert.DoesNotContain("response.completed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChatFinishWithoutDone_CountsAsEnded()
    {
        var input = Bytes(ChatChunk("{\"content\":\"ok\"}"), ChatChunk("{}", "stop"), $"data: {{\"id\":\"x\",\"choices\":[],\"usage\":{Usage}}}\n\n");
        var (output, ended) = StreamHarness.TranslateWithEnd(StreamHarness.Context(Chat, Anthropic), input);
        Assert.True(ended);
        Assert.Equal("end_turn", StreamHarness.Stream(Anthropic, output).Stop);

        var (passThrough, passEnded) = StreamHarness.TranslateWithEnd(StreamHarness.Context(Chat, Chat), input);
        Assert.True(passEnded);
        Assert.EndsWith("data: [DONE]\n\n", Encoding.UTF8.GetString(passThrough), StringComparison.Ordinal);
    }

    [Fact]
    public void MidStreamError_BecomesEachClientsTerminalError()
    {
        var anthropicError = Bytes(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_e\",\"usage\":{\"input_tokens\":3}}}\n\n",
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        var (responses, ended) = StreamHarness.TranslateWithEnd(StreamHarness.Context(Anthropic, Responses), anthropicError);
        Assert.True(ended);
        var failed = StreamHarness.Parse(responses)[^1].Json;
        Assert.Equal("response.failed", failed.GetProperty("type").GetString());
        Assert.Equal("server_overloaded", failed.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Overloaded", failed.GetProperty("response").GetProperty("error").GetProperty("message").GetString());

        var chatError = Bytes(ChatChunk("{\"content\":\"partial\"}"), "data: {\"error\":{\"message\":\"Rate limit reached. Please try again in 3s.\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n");
        var anthropic = StreamHarness.Parse(StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), chatError));
        Assert.Equal("error", anthropic[^1].Event);
        Assert.Equal("rate_limit_error", anthropic[^1].Json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Rate limit reached. Please try again in 3s.", anthropic[^1].Json.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain(anthropic, e => e.Event == "message_stop");

        var responsesFailed = Bytes("data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_f\"}}\n\n", "data: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"Your input exceeds the context window of this model.\"}}}\n\n");
        var chat = StreamHarness.Parse(StreamHarness.Translate(StreamHarness.Context(Responses, Chat), responsesFailed));
        Assert.Equal("context_length_exceeded", chat[^1].Json.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(chat, e => e.Data == "[DONE]");
    }

    [Theory]
    [InlineData("\"{\\\"path\\\":\\\"a.txt\\\"}\"")]
    [InlineData("{\"path\":\"a.txt\"}")]
    public void ResponsesFunctionCallOnlyInDoneItem_ArgumentsStringOrObject(string arguments)
    {
        var input = Bytes(
            "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_d\"}}\n\n",
            $"data: {{\"type\":\"response.output_item.done\",\"sequence_number\":1,\"output_index\":0,\"item\":{{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_d\",\"name\":\"Read\",\"arguments\":{arguments}}}}}\n\n",
            "data: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"resp_d\",\"status\":\"completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}}\n\n");
        var anthropic = StreamHarness.Stream(Anthropic, StreamHarness.Translate(StreamHarness.Context(Responses, Anthropic), input));
        Assert.Equal(["tool:call_d|Read|{\"path\":\"a.txt\"}"], anthropic.Parts);
        Assert.Equal("tool_use", anthropic.Stop);
        var chat = StreamHarness.Stream(Chat, StreamHarness.Translate(StreamHarness.Context(Responses, Chat), input));
        Assert.Equal(["tool:call_d|Read|{\"path\":\"a.txt\"}"], chat.Parts);
    }

    [Fact]
    public void MaxTokens_ResponsesClientGetsCompletedWithIncompleteStatus()
    {
        var input = Bytes(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_l\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"trunc\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":9}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        var responses = StreamHarness.Stream(Responses, StreamHarness.Translate(StreamHarness.Context(Anthropic, Responses), input));
        Assert.Equal("incomplete/max_output_tokens", responses.Stop);
        Assert.Equal("in=3,cached=0,out=9,reasoning=0,total=12", responses.Usage);
        Assert.Equal("length", StreamHarness.Stream(Chat, StreamHarness.Translate(StreamHarness.Context(Anthropic, Chat), input)).Stop);
    }

    [Fact]
    public void StopReasons_ToolUseForcedByToolsAndNeverWithout()
    {
        var stopAfterTool = Bytes(ChatChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}]}"), ChatChunk("{}", "stop"), "data: [DONE]\n\n");
        Assert.Equal("tool_use", StreamHarness.Stream(Anthropic, StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), stopAfterTool)).Stop);
        var toolCallsWithoutTool = Bytes(ChatChunk("{\"content\":\"x\"}"), ChatChunk("{}", "tool_calls"), "data: [DONE]\n\n");
        Assert.Equal("end_turn", StreamHarness.Stream(Anthropic, StreamHarness.Translate(StreamHarness.Context(Chat, Anthropic), toolCallsWithoutTool)).Stop);
        var whole = "{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"tool_use\"}"u8;
        Assert.Equal("stop", StreamHarness.Body(Chat, ProtocolTranslator.TranslateResponse(whole, StreamHarness.Context(Anthropic, Chat, stream: false))).Stop);
    }

    [Fact]
    public void WholeUsage_ChatToAnthropic_InputExcludesCached_AndAnthropicToOpenAIIncludesCache()
    {
        var chat = "{\"id\":\"chatcmpl-u\",\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":40}}}"u8;
        Assert.Equal("in=60,out=5,cr=40,cw=0", StreamHarness.Body(Anthropic, ProtocolTranslator.TranslateResponse(chat, StreamHarness.Context(Chat, Anthropic, stream: false))).Usage);
        var anthropic = "{\"id\":\"msg_u\",\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":30,\"cache_creation_input_tokens\":4}}"u8;
        Assert.Equal("in=44,cached=30,out=5,reasoning=0,total=49", StreamHarness.Body(Responses, ProtocolTranslator.TranslateResponse(anthropic, StreamHarness.Context(Anthropic, Responses, stream: false))).Usage);
    }

    [Fact]
    public void Ids_DerivedDeterministicallyFromTheUpstreamId()
    {
        var input = GoldenTests.Fixture("chat-stream.sse");
        var context = StreamHarness.Context(Chat, Responses);
        Assert.Equal(StreamHarness.Translate(context, input), StreamHarness.Translate(context, input));
        Assert.Equal("resp_mock01", StreamHarness.Stream(Responses, StreamHarness.Translate(context, input)).Id);
        var noId = "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"u8;
        Assert.Equal("msg_flowgate", StreamHarness.Body(Anthropic, ProtocolTranslator.TranslateResponse(noId, StreamHarness.Context(Chat, Anthropic, stream: false))).Id);
    }

    [Fact]
    public void Refusal_WholeAnswer()
    {
        var chat = "{\"id\":\"chatcmpl-r\",\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"content_filter\"}]}"u8;
        var anthropic = StreamHarness.Body(Anthropic, ProtocolTranslator.TranslateResponse(chat, StreamHarness.Context(Chat, Anthropic, stream: false)));
        Assert.Equal(["text:I can't help with that."], anthropic.Parts);
        Assert.Equal("refusal", anthropic.Stop);
        var responses = Encoding.UTF8.GetString(ProtocolTranslator.TranslateResponse(chat, StreamHarness.Context(Chat, Responses, stream: false)));
        Assert.Contains("\"type\":\"refusal\"", responses, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"content_filter\"", responses, StringComparison.Ordinal);
    }

    [Fact]
    public void PassThrough_BytesUnchanged()
    {
        foreach (var (protocol, name) in (ReadOnlySpan<(ClientProtocol, string)>)[(Anthropic, "anthropic"), (Chat, "chat"), (Responses, "responses")])
        {
            var input = GoldenTests.Fixture($"{name}-stream.sse");
            var (output, ended) = StreamHarness.TranslateWithEnd(StreamHarness.Context(protocol, protocol), input);
            Assert.Equal(input, output);
            Assert.True(ended);
        }
    }
}
