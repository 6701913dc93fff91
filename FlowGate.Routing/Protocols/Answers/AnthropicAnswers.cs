using System.Text.Json;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>Anthropic Messages whole answers: the <c>message</c> object to and from <see cref="Answer"/>.</summary>
internal static class AnthropicAnswers
{
    public static Answer Decode(JsonElement root)
    {
        var parts = new List<AnswerPart>();
        foreach (var block in AnswerJson.Array(root, "content"))
        {
            switch (AnswerJson.String(block, "type"))
            {
                case "text":
                    parts.Add(new TextPart(AnswerJson.String(block, "text")));
                    break;
                case "thinking":
                    parts.Add(new ThinkingPart(AnswerJson.String(block, "thinking"), AnswerJson.String(block, "signature")));
                    break;
                case "tool_use":
                    var input = AnswerJson.Property(block, "input");
                    parts.Add(new ToolCallPart(AnswerJson.String(block, "id"), AnswerJson.String(block, "name"), input.ValueKind == JsonValueKind.Undefined ? "{}" : input.GetRawText()));
                    break;
                default:
                    // redacted_thinking, server tool blocks: nothing another protocol can carry.
                    break;
            }
        }

        var usage = AnswerJson.Property(root, "usage");
        var stopReason = AnswerJson.String(root, "stop_reason");
        return new Answer(
            AnswerJson.String(root, "id"),
            AnswerJson.String(root, "model"),
            parts,
            AnswerStops.FromAnthropic(System.Text.Encoding.UTF8.GetBytes(stopReason)),
            new AnswerUsage(
                AnswerJson.Number(usage, "input_tokens"),
                AnswerJson.Number(usage, "output_tokens"),
                AnswerJson.Number(usage, "cache_read_input_tokens"),
                AnswerJson.Number(usage, "cache_creation_input_tokens")));
    }

    public static byte[] Encode(Answer answer, TranslationContext context) => AnswerJson.Write((answer, context), static (w, state) =>
    {
        var (answer, context) = state;
        var idBase = AnswerIds.Base(answer.Id, context.AnswerIdSuffix);
        w.WriteStartObject();
        w.WriteString("id", AnswerIds.Anthropic(idBase));
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", context.Model.Length > 0 ? context.Model : answer.Model);
        w.WriteStartArray("content");
        var tools = 0;
        foreach (var part in answer.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    WriteText(w, text.Text);
                    break;
                case RefusalPart refusal:
                    WriteText(w, refusal.Text);
                    break;
                case ThinkingPart thinking:
                    w.WriteStartObject();
                    w.WriteString("type", "thinking");
                    w.WriteString("thinking", thinking.Text);
                    w.WriteString("signature", thinking.Signature);
                    w.WriteEndObject();
                    break;
                case ToolCallPart tool:
                    w.WriteStartObject();
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", AnswerIds.ToolCall(tool.Id, idBase, tools, anthropic: true));
                    w.WriteString("name", ClientTools.Name(context, tool.Name, tools));
                    w.WritePropertyName("input");
                    AnswerJson.WriteArgumentsObject(w, tool.Arguments);
                    w.WriteEndObject();
                    tools++;
                    break;
                default:
                    break;
            }
        }

        w.WriteEndArray();
        w.WriteString("stop_reason", AnswerStops.ToAnthropic(AnswerStops.Resolve(answer.Stop, tools > 0)));
        w.WriteNull("stop_sequence");
        WriteUsage(w, answer.Usage);
        w.WriteEndObject();
    });

    public static void WriteUsage(Utf8JsonWriter w, in AnswerUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheWrite);
        w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
