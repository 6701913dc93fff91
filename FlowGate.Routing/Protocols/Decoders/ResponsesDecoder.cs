using System.Text.Json;
using FlowGate.Routing.Protocols.Json;
using FlowGate.Routing.Protocols.Model;
using static FlowGate.Routing.Protocols.Json.JsonRead;

namespace FlowGate.Routing.Protocols.Decoders;

/// <summary>Reads an OpenAI Responses request into a <see cref="Conversation"/>.</summary>
/// <remarks>
/// <para>
/// <c>instructions</c> are the leading instructions; <c>system</c>/<c>developer</c> message items are
/// <see cref="Role.System"/> turns in place (Codex sends its developer prompt that way). Items become one turn
/// each; the encoders merge consecutive same-role turns. <c>namespace</c> tools are flattened to
/// <c>namespace__tool</c> (and a <c>function_call</c> with a <c>namespace</c> member to the same name), recorded
/// in <see cref="Conversation.Namespaced"/>. <c>custom</c> tools and <c>custom_tool_call</c> items keep their kind;
/// the encoders wrap them. A <c>web_search</c> tool keeps its <c>external_web_access</c> flag.
/// </para>
/// <para>
/// Refused: a non-null <c>previous_response_id</c> or <c>conversation</c>: the gateway keeps no response state,
/// so it cannot put the referenced history in front of another protocol (Codex sends the full history with
/// <c>store:false</c> and never uses them). Not represented (listed in <see cref="Conversation.Dropped"/>):
/// <c>store</c>, <c>include</c>, <c>prompt_cache_key</c>, <c>client_metadata</c>, <c>reasoning.summary</c>,
/// file parts, and item and tool types no other protocol has (<c>local_shell*</c>, <c>web_search_call</c>,
/// <c>compaction</c>, <c>item_reference</c>, hosted tools other than web search).
/// </para>
/// </remarks>
internal static class ResponsesDecoder
{
    /// <summary>The separator of a flattened namespace tool's name.</summary>
    public const string NamespaceSeparator = "__";

    private static readonly HashSet<string> ResponsesOnly = new(StringComparer.Ordinal)
    {
        "store", "include", "prompt_cache_key", "client_metadata", "truncation", "background", "prompt", "max_tool_calls", "top_logprobs",
    };

    public static Conversation Decode(ReadOnlySpan<byte> body) => JsonRead.Decode(body, Read);

    public static string Flatten(string ns, string name) => string.Concat(ns, NamespaceSeparator, name);

    private static Conversation Read(JsonElement root)
    {
        var dropped = new List<string>();
        var extras = new List<RawMember>();
        var system = new List<TextPart>();
        var turns = new List<Turn>();
        var tools = new List<Tool>();
        var namespaced = new List<NamespacedTool>();
        var sampling = new Sampling();
        var conversation = new Conversation { Source = ClientProtocol.OpenAIResponses };

        foreach (var member in root.EnumerateObject())
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "model":
                    conversation = conversation with { Model = OptString(root, "model", "$") ?? string.Empty };
                    break;
                case "stream":
                    conversation = conversation with { Stream = OptBool(root, "stream", "$") ?? false };
                    break;
                case "instructions":
                    if (OptString(root, "instructions", "$") is { Length: > 0 } instructions)
                    {
                        system.Add(new TextPart(instructions));
                    }

                    break;
                case "input" when value.ValueKind == JsonValueKind.String:
                    turns.Add(new Turn(Role.User, [new TextPart(value.GetString()!)]));
                    break;
                case "input" when value.ValueKind != JsonValueKind.Null:
                    var i = 0;
                    foreach (var item in Items(value, "input"))
                    {
                        if (ReadItem(item, At("input", i++), dropped) is { } turn)
                        {
                            turns.Add(turn);
                        }
                    }

                    break;
                case "tools" when value.ValueKind != JsonValueKind.Null:
                    var t = 0;
                    foreach (var tool in Items(value, "tools"))
                    {
                        ReadTool(tool, At("tools", t++), null, tools, namespaced, dropped);
                    }

                    break;
                case "tool_choice":
                    conversation = conversation with { ToolChoice = ReadToolChoice(value, dropped) };
                    break;
                case "parallel_tool_calls":
                    conversation = conversation with { ParallelToolCalls = OptBool(root, "parallel_tool_calls", "$") };
                    break;
                case "max_output_tokens":
                    sampling = sampling with { MaxOutputTokens = OptInt(root, "max_output_tokens", "$") };
                    break;
                case "temperature":
                    sampling = sampling with { Temperature = OptNumber(root, "temperature", "$") };
                    break;
                case "top_p":
                    sampling = sampling with { TopP = OptNumber(root, "top_p", "$") };
                    break;
                case "reasoning" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "reasoning");
                    if (Get(value, "summary") is not null)
                    {
                        dropped.Add("reasoning.summary");
                    }

                    // Present without an effort: reasoning on at the provider's default effort.
                    conversation = conversation with { Thinking = new ThinkingSettings(ThinkingMode.Effort, null, OptString(value, "effort", "reasoning")) };
                    break;
                case "text" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "text");
                    conversation = conversation with
                    {
                        Verbosity = OptString(value, "verbosity", "text"),
                        Format = Get(value, "format") is { } format ? ReadFormat(format) : null,
                    };
                    break;
                case "user":
                    conversation = conversation with { User = OptString(root, "user", "$") };
                    break;
                case "previous_response_id" or "conversation" when value.ValueKind != JsonValueKind.Null:
                    throw Invalid(member.Name, "cannot be honoured when the upstream speaks another protocol: the gateway keeps no response state; send the full history in 'input' (with store:false)");
                case var name when ResponsesOnly.Contains(name):
                    dropped.Add(name);
                    break;
                default:
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        extras.Add(new(member.Name, value.GetRawText()));
                    }

                    break;
            }
        }

        return conversation with
        {
            System = system.ToValueArray(),
            Turns = turns.ToValueArray(),
            Tools = tools.ToValueArray(),
            Namespaced = namespaced.ToValueArray(),
            Sampling = sampling,
            Extras = extras.ToValueArray(),
            Dropped = dropped.ToValueArray(),
        };
    }

    private static OutputFormat ReadFormat(JsonElement format)
    {
        var type = TypeOf(format, "text.format");
        return type != "json_schema"
            ? new OutputFormat(type)
            : new OutputFormat(
                type,
                OptString(format, "name", "text.format"),
                OptString(format, "description", "text.format"),
                OptObjectRaw(format, "schema", "text.format"),
                Get(format, "strict")?.GetRawText());
    }

    private static Turn? ReadItem(JsonElement item, string path, List<string> dropped)
    {
        RequireObject(item, path);
        var type = OptString(item, "type", path) ?? (Get(item, "role") is not null ? "message" : throw Invalid($"{path}.type", "is required"));
        switch (type)
        {
            case "message":
                var role = ReqString(item, "role", path) switch
                {
                    "user" => Role.User,
                    "assistant" => Role.Assistant,
                    "system" or "developer" => Role.System,
                    _ => throw Invalid($"{path}.role", "must be user, assistant, system or developer"),
                };
                return new Turn(role, ReadContent(Get(item, "content"), $"{path}.content", dropped).ToValueArray());
            case "function_call":
                var name = ReqString(item, "name", path);
                if (OptString(item, "namespace", path) is { } ns)
                {
                    name = Flatten(ns, name);
                }

                return new Turn(Role.Assistant, [new ToolCallPart(ReqString(item, "call_id", path), name, OptString(item, "arguments", path) ?? "{}")]);
            case "custom_tool_call":
                return new Turn(Role.Assistant, [new ToolCallPart(ReqString(item, "call_id", path), ReqString(item, "name", path), CustomInput.Wrap(OptString(item, "input", path) ?? string.Empty), Custom: true)]);
            case "function_call_output" or "custom_tool_call_output":
                return new Turn(Role.User, [new ToolResultPart(ReqString(item, "call_id", path), ReadContent(Get(item, "output"), $"{path}.output", dropped).ToValueArray())]);
            case "reasoning":
                var summary = new List<string>();
                if (Get(item, "summary") is { } parts)
                {
                    var i = 0;
                    foreach (var part in Items(parts, $"{path}.summary"))
                    {
                        var partPath = At($"{path}.summary", i++);
                        RequireObject(part, partPath);
                        summary.Add(OptString(part, "text", partPath) ?? string.Empty);
                    }
                }

                return new Turn(Role.Assistant, [new ReasoningPart(OptString(item, "id", path), summary.ToValueArray(), OptString(item, "encrypted_content", path))]);
            default:
                dropped.Add($"input item {type}");
                return null;
        }
    }

    private static List<Part> ReadContent(JsonElement? content, string path, List<string> dropped)
    {
        var parts = new List<Part>();
        switch (content)
        {
            case null:
                return parts;
            case { ValueKind: JsonValueKind.String } text:
                parts.Add(new TextPart(text.GetString()!));
                return parts;
        }

        var i = 0;
        foreach (var part in Items(content.Value, path))
        {
            var partPath = At(path, i++);
            switch (TypeOf(part, partPath))
            {
                case "input_text" or "output_text" or "text":
                    parts.Add(new TextPart(ReqString(part, "text", partPath)));
                    break;
                case "refusal":
                    parts.Add(new TextPart(OptString(part, "refusal", partPath) ?? string.Empty));
                    break;
                case "input_image" when OptString(part, "image_url", partPath) is { } url:
                    parts.Add(DataUrl.Image(url));
                    break;
                case var other:
                    dropped.Add($"{other} content part");
                    break;
            }
        }

        return parts;
    }

    private static void ReadTool(JsonElement tool, string path, string? ns, List<Tool> tools, List<NamespacedTool> namespaced, List<string> dropped)
    {
        switch (TypeOf(tool, path))
        {
            case "function":
                var name = ReqString(tool, "name", path);
                var parameters = Get(tool, "parameters");
                if (parameters is { ValueKind: not JsonValueKind.Object })
                {
                    throw Invalid($"{path}.parameters", "must be an object");
                }

                if (ns is not null)
                {
                    namespaced.Add(new NamespacedTool(Flatten(ns, name), ns, name));
                    name = Flatten(ns, name);
                }

                tools.Add(new FunctionTool(
                    name,
                    OptString(tool, "description", path),
                    parameters?.GetRawText(),
                    Get(tool, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetRawText() : null));
                break;
            case "custom" when ns is null:
                tools.Add(new CustomTool(ReqString(tool, "name", path), OptString(tool, "description", path)));
                break;
            case "namespace" when ns is null:
                var space = ReqString(tool, "name", path);
                var i = 0;
                foreach (var inner in Items(Get(tool, "tools") ?? throw Invalid($"{path}.tools", "is required"), $"{path}.tools"))
                {
                    ReadTool(inner, At($"{path}.tools", i++), space, tools, namespaced, dropped);
                }

                break;
            case "web_search" or "web_search_preview" when ns is null:
                tools.Add(new WebSearchTool(tool.GetRawText(), OptBool(tool, "external_web_access", path) ?? true));
                break;
            case var other:
                dropped.Add($"tool type {other}");
                break;
        }
    }

    private static ToolChoice? ReadToolChoice(JsonElement value, List<string> dropped)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return value.GetString() switch
                {
                    "auto" => new ToolChoice(ToolChoiceKind.Auto),
                    "none" => new ToolChoice(ToolChoiceKind.None),
                    "required" => new ToolChoice(ToolChoiceKind.Required),
                    _ => throw Invalid("tool_choice", "must be auto, none, required or a tool"),
                };
            default:
                var type = TypeOf(value, "tool_choice");
                if (type is "function" or "custom")
                {
                    return new ToolChoice(ToolChoiceKind.Specific, ReqString(value, "name", "tool_choice"));
                }

                dropped.Add($"tool_choice {type} (sent as auto)");
                return new ToolChoice(ToolChoiceKind.Auto);
        }
    }
}
