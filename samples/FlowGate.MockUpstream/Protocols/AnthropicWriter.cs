using System.Text.Json;
using FlowGate.MockUpstream.Replies;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>Anthropic Messages: the message object, its SSE sequence, count_tokens and errors.</summary>
internal static class AnthropicWriter
{
    public static readonly byte[] Malformed = SseBuilder.Render("content_block_delta", "{not json");

    public static readonly byte[] OverloadedEvent = SseBuilder.Render("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");

    public static byte[] Message(MockReply reply)
    {
        using var json = new JsonBuffer();
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("id", reply.Id("msg_mock"));
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", reply.Model);
        w.WriteStartArray("content");
        if (reply.Thinking)
        {
            w.WriteStartObject();
            w.WriteString("type", "thinking");
            w.WriteString("thinking", reply.ThinkingText);
            w.WriteString("signature", reply.Signature);
            w.WriteEndObject();
        }

        if (reply.Text.Length > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", reply.Text);
            w.WriteEndObject();
        }

        if (reply.Tool is { } tool)
        {
            w.WriteStartObject();
            w.WriteString("type", "tool_use");
            w.WriteString("id", reply.Id("toolu_mock"));
            w.WriteString("name", tool.Name);
            w.WritePropertyName("input");
            w.WriteRawValue(tool.ArgumentsJson);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("stop_reason", StopReason(reply.Stop));
        w.WriteNull("stop_sequence");
        WriteUsage(w, reply, reply.OutputTokens);
        w.WriteEndObject();
        return json.ToArray();
    }

    public static SseScript Stream(MockReply reply)
    {
        using var sse = new SseBuilder();
        var w = sse.Begin("message_start");
        w.WriteStartObject();
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        w.WriteString("id", reply.Id("msg_mock"));
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", reply.Model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        WriteUsage(w, reply, 1);
        w.WriteEndObject();
        w.WriteEndObject();
        sse.End();

        var index = 0;
        if (reply.Thinking)
        {
            BlockStart(sse, index, "thinking", w =>
            {
                w.WriteString("thinking", string.Empty);
                w.WriteString("signature", string.Empty);
            });
            foreach (var delta in reply.ThinkingDeltas)
            {
                BlockDelta(sse, index, "thinking_delta", "thinking", delta);
            }

            BlockDelta(sse, index, "signature_delta", "signature", reply.Signature);
            BlockStop(sse, index++);
        }

        if (reply.Text.Length > 0)
        {
            BlockStart(sse, index, "text", w => w.WriteString("text", string.Empty));
            foreach (var delta in reply.TextDeltas)
            {
                BlockDelta(sse, index, "text_delta", "text", delta);
            }

            BlockStop(sse, index++);
        }

        if (reply.Tool is { } tool)
        {
            BlockStart(sse, index, "tool_use", w =>
            {
                w.WriteString("id", reply.Id("toolu_mock"));
                w.WriteString("name", tool.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
            });
            foreach (var delta in reply.ArgumentDeltas)
            {
                BlockDelta(sse, index, "input_json_delta", "partial_json", delta);
            }

            BlockStop(sse, index++);
        }

        w = sse.Begin("message_delta");
        w.WriteStartObject();
        w.WriteString("type", "message_delta");
        w.WriteStartObject("delta");
        w.WriteString("stop_reason", StopReason(reply.Stop));
        w.WriteNull("stop_sequence");
        w.WriteEndObject();
        WriteUsage(w, reply, reply.OutputTokens);
        w.WriteEndObject();
        sse.End();

        sse.Raw("message_stop", """{"type":"message_stop"}""");
        return new SseScript { Events = sse.Events, Malformed = Malformed, FirstEventError = OverloadedEvent };
    }

    public static byte[] CountTokens(int inputTokens)
    {
        using var json = new JsonBuffer();
        json.Writer.WriteStartObject();
        json.Writer.WriteNumber("input_tokens", inputTokens);
        json.Writer.WriteEndObject();
        return json.ToArray();
    }

    public static byte[] Error(string type, string message)
    {
        using var json = new JsonBuffer();
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("type", "error");
        w.WriteStartObject("error");
        w.WriteString("type", type);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
        return json.ToArray();
    }

    public static string StopReason(StopKind stop) => stop switch
    {
        StopKind.MaxTokens => "max_tokens",
        StopKind.ToolUse => "tool_use",
        _ => "end_turn",
    };

    private static void WriteUsage(Utf8JsonWriter w, MockReply reply, int outputTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", reply.InputTokens);
        w.WriteNumber("cache_creation_input_tokens", reply.CacheWriteTokens);
        w.WriteNumber("cache_read_input_tokens", reply.CacheReadTokens);
        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    }

    private static void BlockStart(SseBuilder sse, int index, string type, Action<Utf8JsonWriter> fields)
    {
        var w = sse.Begin("content_block_start");
        w.WriteStartObject();
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", index);
        w.WriteStartObject("content_block");
        w.WriteString("type", type);
        fields(w);
        w.WriteEndObject();
        w.WriteEndObject();
        sse.End();
    }

    private static void BlockDelta(SseBuilder sse, int index, string type, string field, string value)
    {
        var w = sse.Begin("content_block_delta");
        w.WriteStartObject();
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        w.WriteString("type", type);
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndObject();
        sse.End();
    }

    private static void BlockStop(SseBuilder sse, int index)
    {
        var w = sse.Begin("content_block_stop");
        w.WriteStartObject();
        w.WriteString("type", "content_block_stop");
        w.WriteNumber("index", index);
        w.WriteEndObject();
        sse.End();
    }
}
