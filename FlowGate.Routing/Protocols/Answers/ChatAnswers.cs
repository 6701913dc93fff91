using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>OpenAI Chat whole answers: the <c>chat.completion</c> object to and from <see cref="Answer"/>.</summary>
internal static class ChatAnswers
{
    public static Answer Decode(JsonElement root)
    {
        var parts = new List<AnswerPart>();
        var choice = default(JsonElement);
        foreach (var item in AnswerJson.Array(root, "choices"))
        {
            choice = item;
            break;
        }

        var message = AnswerJson.Property(choice, "message");
        var reasoning = AnswerJson.String(message, "reasoning_content");
        if (reasoning.Length == 0)
        {
            reasoning = AnswerJson.String(message, "reasoning");
        }

        if (reasoning.Length > 0)
        {
            parts.Add(new ThinkingPart(reasoning, string.Empty));
        }

        var content = AnswerJson.Property(message, "content");
        if (content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            parts.Add(new TextPart(text));
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var piece in content.EnumerateArray())
            {
                if (AnswerJson.String(piece, "text") is { Length: > 0 } pieceText)
                {
                    parts.Add(new TextPart(pieceText));
                }
            }
        }

        if (AnswerJson.String(message, "refusal") is { Length: > 0 } refusal)
        {
            parts.Add(new RefusalPart(refusal));
        }

        foreach (var call in AnswerJson.Array(message, "tool_calls"))
        {
            var function = AnswerJson.Property(call, "function");
            var arguments = AnswerJson.Property(function, "arguments");
            parts.Add(new ToolCallPart(
                AnswerJson.String(call, "id"),
                AnswerJson.String(function, "name"),
                arguments.ValueKind switch
                {
                    JsonValueKind.String => arguments.GetString() ?? string.Empty,
                    JsonValueKind.Object => arguments.GetRawText(),
                    _ => string.Empty,
                }));
        }

        var usage = AnswerJson.Property(root, "usage");
        return new Answer(
            AnswerJson.String(root, "id"),
            AnswerJson.String(root, "model"),
            parts,
            AnswerStops.FromChat(Encoding.UTF8.GetBytes(AnswerJson.String(choice, "finish_reason"))),
            AnswerUsage.FromOpenAI(
                AnswerJson.Number(usage, "prompt_tokens"),
                AnswerJson.Number(AnswerJson.Property(usage, "prompt_tokens_details"), "cached_tokens"),
                AnswerJson.Number(usage, "completion_tokens"),
                AnswerJson.Number(AnswerJson.Property(usage, "completion_tokens_details"), "reasoning_tokens")),
            AnswerJson.Number(root, "created"));
    }

    public static byte[] Encode(Answer answer, TranslationContext context) => AnswerJson.Write((answer, context), static (w, state) =>
    {
        var (answer, context) = state;
        var idBase = AnswerIds.Base(answer.Id, context.AnswerIdSuffix);
        var text = new StringBuilder();
        var thinking = new StringBuilder();
        var refusal = new StringBuilder();
        var hasTools = answer.HasToolCall;
        foreach (var part in answer.Parts)
        {
            _ = part switch
            {
                TextPart t => text.Append(t.Text),
                ThinkingPart t => thinking.Append(t.Text),
                RefusalPart r => refusal.Append(r.Text),
                _ => text,
            };
        }

        w.WriteStartObject();
        w.WriteString("id", AnswerIds.Chat(idBase));
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", context.CreatedFor(answer.Created));
        w.WriteString("model", context.Model.Length > 0 ? context.Model : answer.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (text.Length > 0 || !hasTools)
        {
            w.WriteString("content", text.ToString());
        }
        else
        {
            w.WriteNull("content");
        }

        if (thinking.Length > 0)
        {
            w.WriteString("reasoning_content", thinking.ToString());
        }

        if (hasTools)
        {
            w.WriteStartArray("tool_calls");
            var tools = 0;
            foreach (var part in answer.Parts)
            {
                if (part is ToolCallPart tool)
                {
                    w.WriteStartObject();
                    w.WriteString("id", AnswerIds.ToolCall(tool.Id, idBase, tools, anthropic: false));
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", ClientTools.Name(context, tool.Name, tools));
                    w.WriteString("arguments", tool.Arguments);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    tools++;
                }
            }

            w.WriteEndArray();
        }

        if (refusal.Length > 0)
        {
            w.WriteString("refusal", refusal.ToString());
        }
        else
        {
            w.WriteNull("refusal");
        }

        w.WriteEndObject();
        w.WriteString("finish_reason", AnswerStops.ToChat(AnswerStops.Resolve(answer.Stop, hasTools)));
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, answer.Usage);
        w.WriteEndObject();
    });

    public static void WriteUsage(Utf8JsonWriter w, in AnswerUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage.Prompt);
        w.WriteNumber("completion_tokens", usage.Output);
        w.WriteNumber("total_tokens", usage.Total);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", usage.CacheRead);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", usage.Reasoning);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
