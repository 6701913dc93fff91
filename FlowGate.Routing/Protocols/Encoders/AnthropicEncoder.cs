using System.Text.Json;
using FlowGate.Routing.Protocols.Model;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>Writes a <see cref="Conversation"/> as an Anthropic Messages request.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>The leading instructions and every later system/developer turn become top-level
/// <c>system</c> blocks, in order (as CLIProxyAPI does).</description></item>
/// <item><description>Consecutive same-role turns are merged, and in a user turn every tool result comes first, so
/// each <c>tool_use</c> is answered at the start of the next user turn.</description></item>
/// <item><description><c>max_tokens</c> is required: <see cref="DefaultMaxTokens"/> when the client sent no limit
/// (CLIProxyAPI's default).</description></item>
/// <item><description>Thinking: see <see cref="Reasoning"/>. Dropped too when the conversation is in a tool loop
/// (ends with tool results) whose assistant turn carries no thinking block: with thinking enabled Anthropic
/// requires that turn to start with one, and translated history has none.</description></item>
/// <item><description>A custom tool is a function taking <c>{"input": string}</c>; web search becomes
/// <c>web_search_20250305</c> unless the client forbade live access (Codex <c>external_web_access:false</c>).
/// Tool arguments that are not a JSON object are sent as <c>{}</c>. Call ids outside
/// <c>[A-Za-z0-9_-]</c> have those characters replaced by <c>_</c> in both the call and its result.</description></item>
/// <item><description>Dropped: <c>strict</c>, structured-output format, verbosity and OpenAI-only members.</description></item>
/// </list>
/// </remarks>
internal static class AnthropicEncoder
{
    public const int DefaultMaxTokens = 32000;

    public static byte[] Encode(EncodeSession session) => JsonOutput.Write(writer => Write(writer, session));

    private static void Write(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        var turns = session.MergedTurns(hoistSystem: true);
        var maxTokens = c.Sampling.MaxOutputTokens ?? DefaultMaxTokens;

        writer.WriteStartObject();
        writer.WriteString("model", c.Model);
        writer.WriteNumber("max_tokens", maxTokens);
        WriteSystem(writer, c);

        writer.WriteStartArray("messages");
        foreach (var (role, parts) in turns)
        {
            writer.WriteStartObject();
            writer.WriteString("role", role == Role.Assistant ? "assistant" : "user");
            writer.WriteStartArray("content");

            // Tool results first in a user turn (they must lead the turn after the tool_use).
            foreach (var part in role == Role.User ? parts.OrderBy(p => p is ToolResultPart ? 0 : 1) : (IEnumerable<Part>)parts)
            {
                WritePart(writer, part, session);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        var wroteTools = WriteTools(writer, session);
        WriteToolChoice(writer, session, wroteTools);

        if (Reasoning.AnthropicBudget(c.Thinking, maxTokens, session.Table, session) is { } budget)
        {
            if (!session.KeepsThinking && InToolLoopWithoutThinking(turns))
            {
                session.Drop("thinking (the current tool-use turn has no thinking block to send back)");
            }
            else
            {
                writer.WriteStartObject("thinking");
                writer.WriteString("type", "enabled");
                writer.WriteNumber("budget_tokens", budget);
                writer.WriteEndObject();
            }
        }

        if (c.Sampling.Stop.Count > 0)
        {
            writer.WriteStartArray("stop_sequences");
            foreach (var stop in c.Sampling.Stop)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        writer.OptRaw("temperature", c.Sampling.Temperature);
        writer.OptRaw("top_p", c.Sampling.TopP);
        writer.OptRaw("top_k", c.Sampling.TopK);
        writer.WriteBoolean("stream", c.Stream);
        if (c.User is not null)
        {
            writer.WriteStartObject("metadata");
            writer.WriteString("user_id", c.User);
            writer.WriteEndObject();
        }

        if (c.Format is not null)
        {
            session.Drop("structured-output format");
        }

        if (c.Verbosity is not null)
        {
            session.Drop("verbosity");
        }

        foreach (var extra in session.CarriedExtras())
        {
            writer.Raw(extra.Name, extra.Json);
        }

        writer.WriteEndObject();
    }

    private static void WriteSystem(Utf8JsonWriter writer, Conversation c)
    {
        var texts = c.System.Concat(c.Turns.Where(t => t.Role == Role.System).SelectMany(t => t.Parts).OfType<TextPart>())
            .Where(t => t.Text.Length > 0)
            .ToList();
        if (texts.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("system");
        foreach (var text in texts)
        {
            WriteText(writer, text);
        }

        writer.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter writer, TextPart text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text.Text);
        writer.OptRaw("cache_control", text.CacheControl);
        writer.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter writer, Part part, EncodeSession session)
    {
        switch (part)
        {
            case TextPart text:
                WriteText(writer, text);
                break;
            case ImagePart image:
                writer.WriteStartObject();
                writer.WriteString("type", "image");
                writer.WriteStartObject("source");
                if (image.Data is not null)
                {
                    writer.WriteString("type", "base64");
                    writer.WriteString("media_type", image.MediaType);
                    writer.WriteString("data", image.Data);
                }
                else
                {
                    writer.WriteString("type", "url");
                    writer.WriteString("url", image.Url);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case ToolCallPart call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", SafeId(call.Id));
                writer.WriteString("name", session.Wire(call.Name));
                if (JsonOutput.IsObject(call.Arguments))
                {
                    writer.Raw("input", call.Arguments);
                }
                else
                {
                    session.Drop("tool call arguments that are not a JSON object (sent as {})");
                    writer.WriteStartObject("input");
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                break;
            case ToolResultPart result:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_result");
                writer.WriteString("tool_use_id", SafeId(result.CallId));
                var content = result.Content.Where(p => p is not TextPart { Text.Length: 0 }).ToList();
                if (content.Count > 0)
                {
                    writer.WriteStartArray("content");
                    foreach (var inner in content)
                    {
                        WritePart(writer, inner, session);
                    }

                    writer.WriteEndArray();
                }

                if (result.IsError)
                {
                    writer.WriteBoolean("is_error", true);
                }

                writer.WriteEndObject();
                break;
            case ThinkingPart thinking:
                writer.WriteStartObject();
                writer.WriteString("type", "thinking");
                writer.WriteString("thinking", thinking.Text);
                writer.OptString("signature", thinking.Signature);
                writer.WriteEndObject();
                break;
            case RedactedThinkingPart redacted:
                writer.WriteStartObject();
                writer.WriteString("type", "redacted_thinking");
                writer.WriteString("data", redacted.Data);
                writer.WriteEndObject();
                break;
            default:
                session.Drop($"{part.GetType().Name} (Anthropic has no equivalent)");
                break;
        }
    }

    private static bool WriteTools(Utf8JsonWriter writer, EncodeSession session)
    {
        var c = session.Conversation;
        var written = 0;
        foreach (var tool in c.Tools)
        {
            if (tool is WebSearchTool { LiveAccess: false } && c.Source != ClientProtocol.AnthropicMessages)
            {
                session.Drop("web_search (live web access not allowed by the client)");
                continue;
            }

            if (written++ == 0)
            {
                writer.WriteStartArray("tools");
            }

            switch (tool)
            {
                case FunctionTool function:
                    writer.WriteStartObject();
                    writer.WriteString("name", session.Wire(function.Name));
                    writer.OptString("description", function.Description);
                    writer.Schema("input_schema", function.Parameters);
                    writer.OptRaw("cache_control", function.CacheControl);
                    if (function.Strict is not null)
                    {
                        session.Drop("tools[].strict");
                    }

                    writer.WriteEndObject();
                    break;
                case CustomTool custom:
                    session.Wrapped(custom.Name);
                    writer.WriteStartObject();
                    writer.WriteString("name", session.Wire(custom.Name));
                    writer.OptString("description", custom.Description);
                    writer.Raw("input_schema", CustomInput.Schema);
                    writer.WriteEndObject();
                    break;
                case WebSearchTool search when c.Source == ClientProtocol.AnthropicMessages:
                    writer.WriteRawValue(search.Raw, skipInputValidation: true);
                    break;
                case WebSearchTool:
                    writer.WriteStartObject();
                    writer.WriteString("type", "web_search_20250305");
                    writer.WriteString("name", "web_search");
                    writer.WriteEndObject();
                    break;
            }
        }

        if (written > 0)
        {
            writer.WriteEndArray();
        }

        return written > 0;
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, EncodeSession session, bool wroteTools)
    {
        var c = session.Conversation;
        if (!wroteTools || (c.ToolChoice is null && c.ParallelToolCalls != false))
        {
            return;
        }

        var choice = c.ToolChoice ?? new ToolChoice(ToolChoiceKind.Auto);
        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", choice.Kind switch
        {
            ToolChoiceKind.None => "none",
            ToolChoiceKind.Required => "any",
            ToolChoiceKind.Specific => "tool",
            _ => "auto",
        });
        if (choice is { Kind: ToolChoiceKind.Specific, Name: { } name })
        {
            writer.WriteString("name", session.Wire(name));
        }

        // parallel_tool_calls:false ↔ disable_parallel_tool_use:true; "none" takes no such flag.
        if (c.ParallelToolCalls == false && choice.Kind != ToolChoiceKind.None)
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    private static bool InToolLoopWithoutThinking(List<(Role Role, List<Part> Parts)> turns) =>
        turns.Count >= 2
        && turns[^1].Role == Role.User
        && turns[^1].Parts.Any(p => p is ToolResultPart)
        && turns[^2].Role == Role.Assistant
        && turns[^2].Parts.Any(p => p is ToolCallPart)
        && !turns[^2].Parts.Any(p => p is ThinkingPart or RedactedThinkingPart);

    internal static string SafeId(string id)
    {
        if (id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return id;
        }

        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray();
        return chars.Length == 0 ? "call" : new string(chars);
    }
}
