using System.Text.Json;
using FlowGate.MockUpstream.Replies;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>OpenAI Responses: the response object and its typed, sequence-numbered SSE sequence.</summary>
internal static class ResponsesWriter
{
    public static readonly byte[] Malformed = SseBuilder.Render("response.output_text.delta", "{not json");

    public static byte[] Response(MockReply reply, long created)
    {
        using var json = new JsonBuffer();
        WriteResponse(json.Writer, reply, created, Final(reply), withOutput: true);
        return json.ToArray();
    }

    public static SseScript Stream(MockReply reply, long created)
    {
        using var sse = new SseBuilder();
        var sequence = 0;
        var responseId = reply.Id("resp_mock");

        Utf8JsonWriter Begin(string type)
        {
            var w = sse.Begin(type);
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("sequence_number", sequence++);
            return w;
        }

        void End(Utf8JsonWriter w)
        {
            w.WriteEndObject();
            sse.End();
        }

        foreach (var type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
        {
            var w = Begin(type);
            w.WritePropertyName("response");
            WriteResponse(w, reply, created, "in_progress", withOutput: false);
            End(w);
        }

        var outputIndex = 0;
        if (reply.Thinking)
        {
            var itemId = reply.Id("rs_mock");
            var w = Begin("response.output_item.added");
            w.WriteNumber("output_index", outputIndex);
            w.WritePropertyName("item");
            WriteReasoning(w, reply, complete: false);
            End(w);
            if (reply.ReasoningSummary)
            {
                w = Begin("response.reasoning_summary_part.added");
                ItemRef(w, itemId, outputIndex, "summary_index");
                SummaryPart(w, string.Empty);
                End(w);
                foreach (var delta in reply.ThinkingDeltas)
                {
                    w = Begin("response.reasoning_summary_text.delta");
                    ItemRef(w, itemId, outputIndex, "summary_index");
                    w.WriteString("delta", delta);
                    End(w);
                }

                w = Begin("response.reasoning_summary_text.done");
                ItemRef(w, itemId, outputIndex, "summary_index");
                w.WriteString("text", reply.ThinkingText);
                End(w);
                w = Begin("response.reasoning_summary_part.done");
                ItemRef(w, itemId, outputIndex, "summary_index");
                SummaryPart(w, reply.ThinkingText);
                End(w);
            }

            w = Begin("response.output_item.done");
            w.WriteNumber("output_index", outputIndex++);
            w.WritePropertyName("item");
            WriteReasoning(w, reply, complete: true);
            End(w);
        }

        if (reply.Text.Length > 0)
        {
            var itemId = reply.Id("msg_mock");
            var w = Begin("response.output_item.added");
            w.WriteNumber("output_index", outputIndex);
            w.WritePropertyName("item");
            WriteMessage(w, reply, complete: false);
            End(w);
            w = Begin("response.content_part.added");
            ItemRef(w, itemId, outputIndex, "content_index");
            w.WritePropertyName("part");
            OutputText(w, string.Empty);
            End(w);
            foreach (var delta in reply.TextDeltas)
            {
                w = Begin("response.output_text.delta");
                ItemRef(w, itemId, outputIndex, "content_index");
                w.WriteString("delta", delta);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
                End(w);
            }

            w = Begin("response.output_text.done");
            ItemRef(w, itemId, outputIndex, "content_index");
            w.WriteString("text", reply.Text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
            End(w);
            w = Begin("response.content_part.done");
            ItemRef(w, itemId, outputIndex, "content_index");
            w.WritePropertyName("part");
            OutputText(w, reply.Text);
            End(w);
            w = Begin("response.output_item.done");
            w.WriteNumber("output_index", outputIndex++);
            w.WritePropertyName("item");
            WriteMessage(w, reply, complete: true);
            End(w);
        }

        if (reply.Tool is { } tool)
        {
            var itemId = reply.Id("fc_mock");
            var w = Begin("response.output_item.added");
            w.WriteNumber("output_index", outputIndex);
            w.WritePropertyName("item");
            WriteFunctionCall(w, reply, complete: false);
            End(w);
            foreach (var delta in reply.ArgumentDeltas)
            {
                w = Begin("response.function_call_arguments.delta");
                w.WriteString("item_id", itemId);
                w.WriteNumber("output_index", outputIndex);
                w.WriteString("delta", delta);
                End(w);
            }

            w = Begin("response.function_call_arguments.done");
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", outputIndex);
            w.WriteString("arguments", tool.ArgumentsJson);
            End(w);
            w = Begin("response.output_item.done");
            w.WriteNumber("output_index", outputIndex++);
            w.WritePropertyName("item");
            WriteFunctionCall(w, reply, complete: true);
            End(w);
        }

        var status = Final(reply);
        var final = Begin(status == "incomplete" ? "response.incomplete" : "response.completed");
        final.WritePropertyName("response");
        WriteResponse(final, reply, created, status, withOutput: true);
        End(final);

        return new SseScript { Events = sse.Events, Malformed = Malformed, FirstEventError = FailedEvent(reply, created) };
    }

    private static byte[] FailedEvent(MockReply reply, long created)
    {
        using var sse = new SseBuilder();
        var w = sse.Begin("response.failed");
        w.WriteStartObject();
        w.WriteString("type", "response.failed");
        w.WriteNumber("sequence_number", 0);
        w.WriteStartObject("response");
        w.WriteString("id", reply.Id("resp_mock"));
        w.WriteString("object", "response");
        w.WriteNumber("created_at", created);
        w.WriteString("status", "failed");
        w.WriteString("model", reply.Model);
        w.WriteStartArray("output");
        w.WriteEndArray();
        w.WriteStartObject("error");
        w.WriteString("code", "server_error");
        w.WriteString("message", "The server is overloaded or not ready yet.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        sse.End();
        return sse.Events[0];
    }

    private static string Final(MockReply reply) => reply.Stop == StopKind.MaxTokens ? "incomplete" : "completed";

    private static void WriteResponse(Utf8JsonWriter w, MockReply reply, long created, string status, bool withOutput)
    {
        w.WriteStartObject();
        w.WriteString("id", reply.Id("resp_mock"));
        w.WriteString("object", "response");
        w.WriteNumber("created_at", created);
        w.WriteString("status", status);
        w.WriteNull("error");
        if (status == "incomplete")
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", "max_output_tokens");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        w.WriteString("model", reply.Model);
        w.WriteStartArray("output");
        if (withOutput)
        {
            if (reply.Thinking)
            {
                WriteReasoning(w, reply, complete: true);
            }

            if (reply.Text.Length > 0)
            {
                WriteMessage(w, reply, complete: true);
            }

            if (reply.Tool is not null)
            {
                WriteFunctionCall(w, reply, complete: true);
            }
        }

        w.WriteEndArray();
        if (withOutput)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", reply.PromptTokens);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", reply.CacheReadTokens);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", reply.OutputTokens);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", reply.ReasoningTokens);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", reply.TotalTokens);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter w, MockReply reply, bool complete)
    {
        w.WriteStartObject();
        w.WriteString("id", reply.Id("rs_mock"));
        w.WriteString("type", "reasoning");
        w.WriteStartArray("summary");
        if (complete && reply.ReasoningSummary)
        {
            w.WriteStartObject();
            w.WriteString("type", "summary_text");
            w.WriteString("text", reply.ThinkingText);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (complete && reply.EncryptedReasoning)
        {
            w.WriteString("encrypted_content", reply.Signature);
        }

        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, MockReply reply, bool complete)
    {
        w.WriteStartObject();
        w.WriteString("id", reply.Id("msg_mock"));
        w.WriteString("type", "message");
        w.WriteString("status", !complete ? "in_progress" : reply.Stop == StopKind.MaxTokens ? "incomplete" : "completed");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (complete)
        {
            OutputText(w, reply.Text);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFunctionCall(Utf8JsonWriter w, MockReply reply, bool complete)
    {
        w.WriteStartObject();
        w.WriteString("id", reply.Id("fc_mock"));
        w.WriteString("type", "function_call");
        w.WriteString("status", complete ? "completed" : "in_progress");
        w.WriteString("call_id", reply.Id("call_mock"));
        w.WriteString("name", reply.Tool!.Name);
        w.WriteString("arguments", complete ? reply.Tool.ArgumentsJson : string.Empty);
        w.WriteEndObject();
    }

    private static void ItemRef(Utf8JsonWriter w, string itemId, int outputIndex, string indexName)
    {
        w.WriteString("item_id", itemId);
        w.WriteNumber("output_index", outputIndex);
        w.WriteNumber(indexName, 0);
    }

    private static void OutputText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteString("text", text);
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void SummaryPart(Utf8JsonWriter w, string text)
    {
        w.WritePropertyName("part");
        w.WriteStartObject();
        w.WriteString("type", "summary_text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
