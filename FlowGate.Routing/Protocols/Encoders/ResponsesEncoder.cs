using System.Text.Json;
using FlowGate.Routing.Protocols.Model;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>Writes a <see cref="Conversation"/> as an OpenAI Responses request.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>The leading instructions are <c>instructions</c> (texts joined by a blank line; right for a
/// generic upstream); later system turns are <c>developer</c> messages in place.</description></item>
/// <item><description>Turns become items: texts a <c>message</c> (<c>input_text</c> / <c>output_text</c>), images
/// <c>input_image</c> with a URL or data URL, tool calls <c>function_call</c> (<c>custom_tool_call</c> for a
/// custom tool), tool results <c>function_call_output</c>, first in their turn.</description></item>
/// <item><description>Function tools are flat and carry <c>strict:false</c> unless the client said otherwise:
/// Responses defaults to strict, which refuses the schemas other clients send. Web search is
/// <c>{"type":"web_search"}</c>.</description></item>
/// <item><description><c>store:false</c> is always sent: the gateway is stateless and the client never asked the
/// upstream to keep the conversation.</description></item>
/// <item><description>Dropped: stop sequences and <c>top_k</c> (Responses has neither), tool results'
/// <c>is_error</c>, and members of other protocols.</description></item>
/// </list>
/// </remarks>
internal static class ResponsesEncoder
{
    public static byte[] Encode(EncodeSession session) => JsonOutput.Write(writer => Write(writer, session));

    private static void Write(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        writer.WriteStartObject();
        writer.WriteString("model", c.Model);
        var instructions = string.Join("\n\n", c.System.Select(t => t.Text).Where(t => t.Length > 0));
        if (instructions.Length > 0)
        {
            writer.WriteString("instructions", instructions);
        }

        var custom = new HashSet<string>(
            c.Turns.SelectMany(t => t.Parts).OfType<ToolCallPart>().Where(p => p.Custom).Select(p => p.Id),
            StringComparer.Ordinal);
        writer.WriteStartArray("input");
        foreach (var (role, parts) in session.MergedTurns())
        {
            switch (role)
            {
                case Role.System:
                    WriteMessage(writer, "developer", parts, "input_text");
                    break;
                case Role.Assistant:
                    WriteAssistant(writer, parts, session);
                    break;
                default:
                    WriteUser(writer, parts, custom, session);
                    break;
            }
        }

        writer.WriteEndArray();

        var wroteTools = WriteTools(writer, session);
        if (wroteTools && c.ToolChoice is { } choice)
        {
            if (choice is { Kind: ToolChoiceKind.Specific, Name: { } name })
            {
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", c.Tools.OfType<CustomTool>().Any(t => t.Name == name) && c.Source == ClientProtocol.OpenAIResponses ? "custom" : "function");
                writer.WriteString("name", session.Wire(name));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("tool_choice", choice.Kind switch { ToolChoiceKind.None => "none", ToolChoiceKind.Required => "required", _ => "auto" });
            }
        }

        if (wroteTools && c.ParallelToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }

        if (Reasoning.OpenAIEffort(c.Thinking, session.Table) is { } effort)
        {
            writer.WriteStartObject("reasoning");
            writer.WriteString("effort", effort);
            writer.WriteEndObject();
        }

        if (c.Sampling.MaxOutputTokens is { } max)
        {
            writer.WriteNumber("max_output_tokens", max);
        }

        writer.OptRaw("temperature", c.Sampling.Temperature);
        writer.OptRaw("top_p", c.Sampling.TopP);
        if (c.Sampling.TopK is not null)
        {
            session.Drop("top_k");
        }

        if (c.Sampling.Stop.Count > 0)
        {
            session.Drop("stop sequences (Responses has none)");
        }

        writer.WriteBoolean("stream", c.Stream);
        writer.WriteBoolean("store", false);
        writer.OptString("user", c.User);
        if (c.Format is not null || c.Verbosity is not null)
        {
            writer.WriteStartObject("text");
            if (c.Format is { } format)
            {
                writer.WriteStartObject("format");
                writer.WriteString("type", format.Type);
                if (format.Type == "json_schema")
                {
                    writer.WriteString("name", format.Name ?? "response");
                    writer.OptString("description", format.Description);
                    writer.OptRaw("schema", format.Schema);
                    writer.OptRaw("strict", format.Strict);
                }

                writer.WriteEndObject();
            }

            writer.OptString("verbosity", c.Verbosity);
            writer.WriteEndObject();
        }

        foreach (var extra in session.CarriedExtras())
        {
            writer.Raw(extra.Name, extra.Json);
        }

        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string role, IEnumerable<Part> parts, string textType)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        foreach (var part in parts)
        {
            WriteContentPart(writer, part, textType);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteContentPart(Utf8JsonWriter writer, Part part, string textType)
    {
        writer.WriteStartObject();
        if (part is TextPart text)
        {
            writer.WriteString("type", textType);
            writer.WriteString("text", text.Text);
        }
        else
        {
            writer.WriteString("type", "input_image");
            writer.WriteString("image_url", ((ImagePart)part).AsUrl);
        }

        writer.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter writer, List<Part> parts, EncodeSession session)
    {
        var texts = new List<Part>();
        foreach (var part in parts)
        {
            if (part is TextPart)
            {
                texts.Add(part);
                continue;
            }

            if (part is ImagePart)
            {
                session.Drop("images in assistant turns");
                continue;
            }

            Flush(writer, texts);
            switch (part)
            {
                case ToolCallPart { Custom: true } call when session.Conversation.Source == ClientProtocol.OpenAIResponses:
                    writer.WriteStartObject();
                    writer.WriteString("type", "custom_tool_call");
                    writer.WriteString("call_id", call.Id);
                    writer.WriteString("name", session.Wire(call.Name));
                    writer.WriteString("input", CustomInput.Unwrap(call.Arguments));
                    writer.WriteEndObject();
                    break;
                case ToolCallPart call:
                    writer.WriteStartObject();
                    writer.WriteString("type", "function_call");
                    writer.WriteString("call_id", call.Id);
                    writer.WriteString("name", session.Wire(call.Name));
                    writer.WriteString("arguments", call.Arguments);
                    writer.WriteEndObject();
                    break;
                case ReasoningPart reasoning:
                    writer.WriteStartObject();
                    writer.WriteString("type", "reasoning");
                    writer.OptString("id", reasoning.Id);
                    writer.WriteStartArray("summary");
                    foreach (var summary in reasoning.Summary)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("type", "summary_text");
                        writer.WriteString("text", summary);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.OptString("encrypted_content", reasoning.EncryptedContent);
                    writer.WriteEndObject();
                    break;
            }
        }

        Flush(writer, texts);
    }

    private static void Flush(Utf8JsonWriter writer, List<Part> texts)
    {
        if (texts.Count > 0)
        {
            WriteMessage(writer, "assistant", texts, "output_text");
            texts.Clear();
        }
    }

    private static void WriteUser(Utf8JsonWriter writer, List<Part> parts, HashSet<string> custom, EncodeSession session)
    {
        foreach (var result in parts.OfType<ToolResultPart>())
        {
            writer.WriteStartObject();
            writer.WriteString("type", custom.Contains(result.CallId) && session.Conversation.Source == ClientProtocol.OpenAIResponses ? "custom_tool_call_output" : "function_call_output");
            writer.WriteString("call_id", result.CallId);
            if (result.Content.Any(p => p is ImagePart))
            {
                writer.WriteStartArray("output");
                foreach (var part in result.Content.Where(p => p is TextPart or ImagePart))
                {
                    WriteContentPart(writer, part, "input_text");
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("output", string.Join("\n\n", result.Content.OfType<TextPart>().Select(t => t.Text).Where(t => t.Length > 0)));
            }

            writer.WriteEndObject();
            if (result.IsError)
            {
                session.Drop("tool_result.is_error");
            }
        }

        var rest = parts.Where(p => p is TextPart or ImagePart).ToList();
        if (rest.Count > 0)
        {
            WriteMessage(writer, "user", rest, "input_text");
        }
    }

    private static bool WriteTools(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        if (c.Tools.Count == 0)
        {
            return false;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in c.Tools)
        {
            switch (tool)
            {
                case FunctionTool function:
                    writer.WriteStartObject();
                    writer.WriteString("type", "function");
                    writer.WriteString("name", session.Wire(function.Name));
                    writer.OptString("description", function.Description);
                    writer.Raw("strict", function.Strict ?? "false");
                    writer.Schema("parameters", function.Parameters);
                    writer.WriteEndObject();
                    break;
                case CustomTool customTool when c.Source == ClientProtocol.OpenAIResponses:
                    writer.WriteStartObject();
                    writer.WriteString("type", "custom");
                    writer.WriteString("name", session.Wire(customTool.Name));
                    writer.OptString("description", customTool.Description);
                    writer.WriteEndObject();
                    break;
                case CustomTool customTool:
                    session.Wrapped(customTool.Name);
                    writer.WriteStartObject();
                    writer.WriteString("type", "function");
                    writer.WriteString("name", session.Wire(customTool.Name));
                    writer.OptString("description", customTool.Description);
                    writer.WriteBoolean("strict", false);
                    writer.Raw("parameters", CustomInput.Schema);
                    writer.WriteEndObject();
                    break;
                case WebSearchTool search when c.Source == ClientProtocol.OpenAIResponses:
                    writer.WriteRawValue(search.Raw, skipInputValidation: true);
                    break;
                case WebSearchTool:
                    writer.WriteStartObject();
                    writer.WriteString("type", "web_search");
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
        return true;
    }
}
