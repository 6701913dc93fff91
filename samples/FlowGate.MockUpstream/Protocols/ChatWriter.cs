using System.Text.Json;
using FlowGate.MockUpstream.Replies;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>OpenAI Chat Completions: the completion object, its chunk stream and errors.</summary>
internal static class ChatWriter
{
    public static readonly byte[] Malformed = SseBuilder.Render(null, "{not json");

    public static readonly byte[] OverloadedEvent = SseBuilder.Render(
        null, """{"error":{"message":"The server is overloaded or not ready yet.","type":"server_error","param":null,"code":"server_overloaded"}}""");

    public static byte[] Completion(MockReply reply, long created)
    {
        using var json = new JsonBuffer();
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("id", reply.Id("chatcmpl-mock"));
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", created);
        w.WriteString("model", reply.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", reply.Text);
        if (reply.Thinking)
        {
            w.WriteString("reasoning_content", reply.ThinkingText);
        }

        if (reply.Tool is { } tool)
        {
            w.WriteStartArray("tool_calls");
            w.WriteStartObject();
            w.WriteString("id", reply.Id("call_mock"));
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", tool.Name);
            w.WriteString("arguments", tool.ArgumentsJson);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteNull("refusal");
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", FinishReason(reply.Stop));
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, reply);
        w.WriteEndObject();
        return json.ToArray();
    }

    public static SseScript Stream(MockReply reply, long created)
    {
        using var sse = new SseBuilder();
        var id = reply.Id("chatcmpl-mock");
        Chunk(sse, id, created, reply.Model, w =>
        {
            w.WriteString("role", "assistant");
            w.WriteString("content", string.Empty);
        });

        foreach (var delta in reply.ThinkingDeltas)
        {
            Chunk(sse, id, created, reply.Model, w => w.WriteString("reasoning_content", delta));
        }

        foreach (var delta in reply.TextDeltas)
        {
            Chunk(sse, id, created, reply.Model, w => w.WriteString("content", delta));
        }

        if (reply.Tool is { } tool)
        {
            Chunk(sse, id, created, reply.Model, w => ToolCallDelta(w, w =>
            {
                w.WriteString("id", reply.Id("call_mock"));
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", tool.Name);
                w.WriteString("arguments", string.Empty);
                w.WriteEndObject();
            }));
            foreach (var fragment in reply.ArgumentDeltas)
            {
                Chunk(sse, id, created, reply.Model, w => ToolCallDelta(w, w =>
                {
                    w.WriteStartObject("function");
                    w.WriteString("arguments", fragment);
                    w.WriteEndObject();
                }));
            }
        }

        Chunk(sse, id, created, reply.Model, _ => { }, FinishReason(reply.Stop));

        if (reply.IncludeUsage)
        {
            var w = sse.Begin(null);
            WriteChunkHeader(w, id, created, reply.Model);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteUsage(w, reply);
            w.WriteEndObject();
            sse.End();
        }

        sse.Raw(null, "[DONE]");
        return new SseScript { Events = sse.Events, Malformed = Malformed, FirstEventError = OverloadedEvent };
    }

    public static string FinishReason(StopKind stop) => stop switch
    {
        StopKind.MaxTokens => "length",
        StopKind.ToolUse => "tool_calls",
        _ => "stop",
    };

    private static void Chunk(SseBuilder sse, string id, long created, string model, Action<Utf8JsonWriter> delta, string? finishReason = null)
    {
        var w = sse.Begin(null);
        WriteChunkHeader(w, id, created, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finishReason is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finishReason);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        sse.End();
    }

    private static void WriteChunkHeader(Utf8JsonWriter w, string id, long created, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    private static void ToolCallDelta(Utf8JsonWriter w, Action<Utf8JsonWriter> fields)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        fields(w);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter w, MockReply reply)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", reply.PromptTokens);
        w.WriteNumber("completion_tokens", reply.OutputTokens);
        w.WriteNumber("total_tokens", reply.TotalTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", reply.CacheReadTokens);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", reply.ReasoningTokens);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static byte[] Error(string message, string type, string? param, string? code)
    {
        using var json = new JsonBuffer();
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        Nullable(w, "param", param);
        Nullable(w, "code", code);
        w.WriteEndObject();
        w.WriteEndObject();
        return json.ToArray();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
