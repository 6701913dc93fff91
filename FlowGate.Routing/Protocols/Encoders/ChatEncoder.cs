using System.Text.Json;
using FlowGate.Routing.Protocols.Model;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>Writes a <see cref="Conversation"/> as an OpenAI Chat Completions request.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>The leading instructions are the first <c>system</c> message (texts joined by a blank line);
/// later system/developer turns stay in place as <c>system</c> messages (CLIProxyAPI turns developer into user;
/// system keeps their authority and Chat takes it anywhere). The attribution block never gets here: the
/// Anthropic decoder drops it.</description></item>
/// <item><description>Consecutive same-role turns are merged. An assistant turn is one message: its texts joined
/// as <c>content</c> (<c>""</c> beside tool calls) and all its calls in one <c>tool_calls</c> — so consecutive
/// Responses <c>function_call</c> items become one message. A user turn's tool results come first, each a
/// <c>role:"tool"</c> message (texts joined by a blank line), right after the assistant's <c>tool_calls</c>; the
/// rest of the turn follows as a user message. Chat tool messages take no images, so images of tool results move
/// into that user message.</description></item>
/// <item><description>Custom tools become functions taking <c>{"input": string}</c>; web search is dropped (Chat's
/// <c>web_search_options</c> works only with search models).</description></item>
/// <item><description><c>max_completion_tokens</c> when a reasoning effort is sent (reasoning models refuse
/// <c>max_tokens</c>), else <c>max_tokens</c>; at most 4 stop sequences; <c>stream_options.include_usage</c>
/// with a stream (as CLIProxyAPI does).</description></item>
/// <item><description>Dropped: <c>top_k</c>, tool results' <c>is_error</c>, images the model sent, and
/// members of other protocols.</description></item>
/// </list>
/// </remarks>
internal static class ChatEncoder
{
    public const int MaxStopSequences = 4;

    public static byte[] Encode(EncodeSession session) => JsonOutput.Write(writer => Write(writer, session));

    private static void Write(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        writer.WriteStartObject();
        writer.WriteString("model", c.Model);
        writer.WriteStartArray("messages");
        if (Join(c.System) is { Length: > 0 } instructions)
        {
            WriteMessage(writer, "system", instructions);
        }

        foreach (var (role, parts) in session.MergedTurns())
        {
            switch (role)
            {
                case Role.System:
                    WriteMessage(writer, "system", Join(parts.OfType<TextPart>()));
                    break;
                case Role.Assistant:
                    WriteAssistant(writer, parts, session);
                    break;
                default:
                    WriteUser(writer, parts, session);
                    break;
            }
        }

        writer.WriteEndArray();

        var wroteTools = WriteTools(writer, session);
        if (wroteTools && c.ToolChoice is { } choice)
        {
            switch (choice.Kind)
            {
                case ToolChoiceKind.Specific:
                    writer.WriteStartObject("tool_choice");
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", session.Wire(choice.Name!));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteString("tool_choice", choice.Kind switch { ToolChoiceKind.None => "none", ToolChoiceKind.Required => "required", _ => "auto" });
                    break;
            }
        }

        if (wroteTools && c.ParallelToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }

        var effort = Reasoning.OpenAIEffort(c.Thinking, session.Table);
        if (c.Sampling.MaxOutputTokens is { } max)
        {
            writer.WriteNumber(effort is null ? "max_tokens" : "max_completion_tokens", max);
        }

        writer.OptRaw("temperature", c.Sampling.Temperature);
        writer.OptRaw("top_p", c.Sampling.TopP);
        if (c.Sampling.TopK is not null)
        {
            session.Drop("top_k");
        }

        if (c.Sampling.Stop.Count > 0)
        {
            if (c.Sampling.Stop.Count > MaxStopSequences)
            {
                session.Drop("stop sequences beyond the fourth");
            }

            writer.WriteStartArray("stop");
            foreach (var stop in c.Sampling.Stop.Take(MaxStopSequences))
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (c.Stream)
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        writer.OptString("reasoning_effort", effort);
        writer.OptString("user", c.User);
        if (c.Format is { } format)
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", format.Type);
            if (format.Type == "json_schema")
            {
                writer.WriteStartObject("json_schema");
                writer.WriteString("name", format.Name ?? "response");
                writer.OptString("description", format.Description);
                writer.OptRaw("schema", format.Schema);
                writer.OptRaw("strict", format.Strict);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.OptString("verbosity", c.Verbosity);
        foreach (var extra in session.CarriedExtras())
        {
            writer.Raw(extra.Name, extra.Json);
        }

        writer.WriteEndObject();
    }

    private static string Join(IEnumerable<TextPart> texts) => string.Join("\n\n", texts.Select(t => t.Text).Where(t => t.Length > 0));

    private static void WriteMessage(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter writer, List<Part> parts, EncodeSession session)
    {
        var text = Join(parts.OfType<TextPart>());
        var calls = parts.OfType<ToolCallPart>().ToList();
        var reasoning = session.KeepsThinking ? string.Concat(parts.OfType<ThinkingPart>().Select(t => t.Text)) : string.Empty;
        if (parts.Any(p => p is ImagePart))
        {
            session.Drop("images in assistant turns");
        }

        if (text.Length == 0 && calls.Count == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        writer.WriteString("content", text);
        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content", reasoning);
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", session.Wire(call.Name));
                writer.WriteString("arguments", call.Arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter writer, List<Part> parts, EncodeSession session)
    {
        // Tool results first, right after the assistant's tool_calls; images they hold
        // lead the user message that follows.
        var rest = new List<Part>();
        foreach (var result in parts.OfType<ToolResultPart>())
        {
            writer.WriteStartObject();
            writer.WriteString("role", "tool");
            writer.WriteString("tool_call_id", result.CallId);
            writer.WriteString("content", Join(result.Content.OfType<TextPart>()));
            writer.WriteEndObject();
            rest.AddRange(result.Content.OfType<ImagePart>());
            if (result.IsError)
            {
                session.Drop("tool_result.is_error");
            }
        }

        rest.AddRange(parts.Where(p => p is TextPart or ImagePart));
        if (rest.Count == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        if (rest is [TextPart only])
        {
            writer.WriteString("content", only.Text);
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var part in rest)
            {
                writer.WriteStartObject();
                if (part is TextPart text)
                {
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text.Text);
                }
                else
                {
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    writer.WriteString("url", ((ImagePart)part).AsUrl);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static bool WriteTools(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        var written = 0;
        foreach (var tool in c.Tools)
        {
            if (tool is WebSearchTool)
            {
                continue;
            }

            if (written++ == 0)
            {
                writer.WriteStartArray("tools");
            }

            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            switch (tool)
            {
                case FunctionTool function:
                    writer.WriteString("name", session.Wire(function.Name));
                    writer.OptString("description", function.Description);
                    writer.Schema("parameters", function.Parameters);
                    writer.OptRaw("strict", function.Strict);
                    break;
                case CustomTool custom:
                    session.Wrapped(custom.Name);
                    writer.WriteString("name", session.Wire(custom.Name));
                    writer.OptString("description", custom.Description);
                    writer.Raw("parameters", CustomInput.Schema);
                    break;
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (written > 0)
        {
            writer.WriteEndArray();
        }

        if (c.Tools.OfType<WebSearchTool>().FirstOrDefault() is { } search)
        {
            if (c.Source == ClientProtocol.OpenAIChat)
            {
                writer.Raw("web_search_options", search.Raw);
            }
            else
            {
                session.Drop("web_search (Chat upstreams have no general equivalent)");
            }
        }

        return written > 0;
    }
}
