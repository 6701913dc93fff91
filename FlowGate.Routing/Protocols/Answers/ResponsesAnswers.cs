using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>OpenAI Responses whole answers: the <c>response</c> object to and from <see cref="Answer"/>.</summary>
internal static class ResponsesAnswers
{
    public static Answer Decode(JsonElement root)
    {
        var parts = new List<AnswerPart>();
        foreach (var item in AnswerJson.Array(root, "output"))
        {
            switch (AnswerJson.String(item, "type"))
            {
                case "message":
                    foreach (var content in AnswerJson.Array(item, "content"))
                    {
                        switch (AnswerJson.String(content, "type"))
                        {
                            case "refusal":
                                parts.Add(new RefusalPart(AnswerJson.String(content, "refusal")));
                                break;
                            default:
                                if (AnswerJson.String(content, "text") is { Length: > 0 } text)
                                {
                                    parts.Add(new TextPart(text));
                                }

                                break;
                        }
                    }

                    break;
                case "reasoning":
                    var summary = new StringBuilder();
                    foreach (var piece in AnswerJson.Array(item, "summary"))
                    {
                        _ = summary.Append(AnswerJson.String(piece, "text"));
                    }

                    if (summary.Length == 0)
                    {
                        foreach (var piece in AnswerJson.Array(item, "content"))
                        {
                            _ = summary.Append(AnswerJson.String(piece, "text"));
                        }
                    }

                    parts.Add(new ThinkingPart(summary.ToString(), AnswerJson.String(item, "encrypted_content")));
                    break;
                case "function_call":
                    var arguments = AnswerJson.Property(item, "arguments");
                    parts.Add(new ToolCallPart(
                        AnswerJson.String(item, "call_id"),
                        AnswerJson.String(item, "name"),
                        arguments.ValueKind switch
                        {
                            JsonValueKind.String => arguments.GetString() ?? string.Empty,
                            JsonValueKind.Object => arguments.GetRawText(),
                            _ => string.Empty,
                        }));
                    break;
                case "custom_tool_call":
                    parts.Add(new ToolCallPart(AnswerJson.String(item, "call_id"), AnswerJson.String(item, "name"), Wrap(AnswerJson.String(item, "input"))));
                    break;
                default:
                    break;
            }
        }

        var usage = AnswerJson.Property(root, "usage");
        return new Answer(
            AnswerJson.String(root, "id"),
            AnswerJson.String(root, "model"),
            parts,
            AnswerStops.FromResponses(Encoding.UTF8.GetBytes(AnswerJson.String(root, "status")), Encoding.UTF8.GetBytes(AnswerJson.String(AnswerJson.Property(root, "incomplete_details"), "reason"))),
            AnswerUsage.FromOpenAI(
                AnswerJson.Number(usage, "input_tokens"),
                AnswerJson.Number(AnswerJson.Property(usage, "input_tokens_details"), "cached_tokens"),
                AnswerJson.Number(usage, "output_tokens"),
                AnswerJson.Number(AnswerJson.Property(usage, "output_tokens_details"), "reasoning_tokens")),
            AnswerJson.Number(root, "created_at"));
    }

    public static byte[] Encode(Answer answer, TranslationContext context) => AnswerJson.Write((answer, context), static (w, state) =>
    {
        var (answer, context) = state;
        var idBase = AnswerIds.Base(answer.Id, context.AnswerIdSuffix);
        var stop = AnswerStops.Resolve(answer.Stop, answer.HasToolCall);
        WriteResponseHead(w, AnswerIds.Responses(idBase), context.CreatedFor(answer.Created), stop, context.Model.Length > 0 ? context.Model : answer.Model);
        w.WriteStartArray("output");
        var tools = 0;
        for (var i = 0; i < answer.Parts.Count; i++)
        {
            switch (answer.Parts[i])
            {
                case TextPart text:
                    WriteMessage(w, AnswerIds.Item("msg", idBase, i), text.Text, refusal: false);
                    break;
                case RefusalPart refusal:
                    WriteMessage(w, AnswerIds.Item("msg", idBase, i), refusal.Text, refusal: true);
                    break;
                case ThinkingPart thinking:
                    WriteReasoning(w, AnswerIds.Item("rs", idBase, i), thinking.Text, thinking.Signature);
                    break;
                case ToolCallPart tool:
                    var name = ClientTools.Name(context, tool.Name, tools);
                    var callId = AnswerIds.ToolCall(tool.Id, idBase, tools, anthropic: false);
                    if (ClientTools.IsCustom(context, name))
                    {
                        WriteCustomToolCall(w, AnswerIds.Item("ctc", idBase, i), callId, name, ClientTools.Unwrap(Encoding.UTF8.GetBytes(tool.Arguments)));
                    }
                    else
                    {
                        WriteFunctionCall(w, AnswerIds.Item("fc", idBase, i), callId, name, tool.Arguments, completed: true);
                    }

                    tools++;
                    break;
                default:
                    break;
            }
        }

        w.WriteEndArray();
        WriteUsage(w, answer.Usage);
        w.WriteEndObject();
    });

    /// <summary>Writes the start of a response object, up to (not including) <c>output</c>.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="id">The response id.</param>
    /// <param name="created">The creation time.</param>
    /// <param name="stop">The stop, or null while in progress.</param>
    /// <param name="model">The model.</param>
    public static void WriteResponseHead(Utf8JsonWriter w, string id, long created, AnswerStop? stop, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", created);
        var incomplete = stop is { } s ? AnswerStops.ToResponsesIncomplete(s) : null;
        w.WriteString("status", stop is null ? "in_progress" : incomplete is null ? "completed" : "incomplete");
        w.WriteNull("error");
        if (incomplete is null)
        {
            w.WriteNull("incomplete_details");
        }
        else
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", incomplete);
            w.WriteEndObject();
        }

        w.WriteString("model", model);
    }

    public static void WriteUsage(Utf8JsonWriter w, in AnswerUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", usage.Prompt);
        w.WriteStartObject("input_tokens_details");
        w.WriteNumber("cached_tokens", usage.CacheRead);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteStartObject("output_tokens_details");
        w.WriteNumber("reasoning_tokens", usage.Reasoning);
        w.WriteEndObject();
        w.WriteNumber("total_tokens", usage.Total);
        w.WriteEndObject();
    }

    public static void WriteMessage(Utf8JsonWriter w, string id, ReadOnlySpan<char> text, bool refusal)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "message");
        w.WriteString("status", "completed");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        w.WriteStartObject();
        if (refusal)
        {
            w.WriteString("type", "refusal");
            w.WriteString("refusal", text);
        }
        else
        {
            w.WriteString("type", "output_text");
            w.WriteString("text", text);
            w.WriteStartArray("annotations");
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteReasoning(Utf8JsonWriter w, string id, ReadOnlySpan<char> summary, ReadOnlySpan<char> encrypted)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "reasoning");
        w.WriteStartArray("summary");
        if (summary.Length > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "summary_text");
            w.WriteString("text", summary);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (encrypted.Length > 0)
        {
            w.WriteString("encrypted_content", encrypted);
        }

        w.WriteEndObject();
    }

    public static void WriteFunctionCall(Utf8JsonWriter w, string id, string callId, string name, ReadOnlySpan<char> arguments, bool completed)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "function_call");
        w.WriteString("status", completed ? "completed" : "in_progress");
        w.WriteString("call_id", callId);
        w.WriteString("name", name);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
    }

    public static void WriteCustomToolCall(Utf8JsonWriter w, string id, string callId, string name, ReadOnlySpan<char> input)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "custom_tool_call");
        w.WriteString("status", "completed");
        w.WriteString("call_id", callId);
        w.WriteString("name", name);
        w.WriteString("input", input);
        w.WriteEndObject();
    }

    private static string Wrap(string input) => Encoding.UTF8.GetString(AnswerJson.Write(input, static (w, input) =>
    {
        w.WriteStartObject();
        w.WriteString("input", input);
        w.WriteEndObject();
    }));
}
