using System.Text.Json;
using FlowGate.Routing.Protocols.Model;
using FlowGate.Routing.Protocols.Json;
using static FlowGate.Routing.Protocols.Json.JsonRead;

namespace FlowGate.Routing.Protocols.Decoders;

/// <summary>Reads an Anthropic Messages request into a <see cref="Conversation"/>.</summary>
/// <remarks>
/// Not represented (listed in <see cref="Conversation.Dropped"/>): the Claude Code attribution block (a system
/// text starting <c>x-anthropic-billing-header:</c>, meaningful to Anthropic only), server tool blocks
/// (<c>server_tool_use</c>, <c>web_search_tool_result</c>), documents and other block types, image sources other
/// than base64 and URL, and the <c>defer_loading</c> flag of tools. Unknown top-level members
/// (<c>context_management</c>, <c>service_tier</c>, <c>container</c>, …) are kept in
/// <see cref="Conversation.Extras"/>; only an Anthropic target could take them.
/// </remarks>
internal static class AnthropicDecoder
{
    /// <summary>The prefix of Claude Code's attribution system block.</summary>
    public const string AttributionPrefix = "x-anthropic-billing-header:";

    public static Conversation Decode(ReadOnlySpan<byte> body) => JsonRead.Decode(body, Read);

    private static Conversation Read(JsonElement root)
    {
        var dropped = new List<string>();
        var extras = new List<RawMember>();
        var system = new List<TextPart>();
        var turns = new List<Turn>();
        var tools = new List<Tool>();
        ToolChoice? choice = null;
        bool? parallel = null;
        ThinkingMode? mode = null;
        int? budget = null;
        string? effort = null;
        string? user = null;
        var sampling = new Sampling();
        string model = string.Empty;
        var stream = false;

        foreach (var member in root.EnumerateObject())
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "model":
                    model = value.ValueKind == JsonValueKind.Null ? string.Empty : Str(value, "model");
                    break;
                case "stream":
                    stream = OptBool(root, "stream", "$") ?? false;
                    break;
                case "system":
                    ReadSystem(value, system, dropped);
                    break;
                case "messages":
                    var i = 0;
                    foreach (var message in Items(value, "messages"))
                    {
                        turns.Add(ReadMessage(message, At("messages", i++), dropped));
                    }

                    break;
                case "tools":
                    var t = 0;
                    foreach (var tool in Items(value, "tools"))
                    {
                        if (ReadTool(tool, At("tools", t++), dropped) is { } read)
                        {
                            tools.Add(read);
                        }
                    }

                    break;
                case "tool_choice":
                    (choice, parallel) = ReadToolChoice(value);
                    break;
                case "max_tokens":
                    sampling = sampling with { MaxOutputTokens = OptInt(root, "max_tokens", "$") };
                    break;
                case "temperature":
                    sampling = sampling with { Temperature = OptNumber(root, "temperature", "$") };
                    break;
                case "top_p":
                    sampling = sampling with { TopP = OptNumber(root, "top_p", "$") };
                    break;
                case "top_k":
                    sampling = sampling with { TopK = OptNumber(root, "top_k", "$") };
                    break;
                case "stop_sequences":
                    sampling = sampling with { Stop = StringOrStrings(root, "stop_sequences", "$") };
                    break;
                case "thinking" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "thinking");
                    (mode, budget) = ReqString(value, "type", "thinking") switch
                    {
                        "enabled" => (ThinkingMode.Budget, OptInt(value, "budget_tokens", "thinking")),
                        "adaptive" => (ThinkingMode.Adaptive, (int?)null),
                        "disabled" => (ThinkingMode.Disabled, (int?)null),
                        _ => throw Invalid("thinking.type", "must be enabled, adaptive or disabled"),
                    };
                    break;
                case "output_config" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "output_config");
                    effort = OptString(value, "effort", "output_config");
                    foreach (var other in value.EnumerateObject())
                    {
                        if (other.Name != "effort")
                        {
                            dropped.Add($"output_config.{other.Name}");
                        }
                    }

                    break;
                case "metadata" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "metadata");
                    user = OptString(value, "user_id", "metadata");
                    break;
                default:
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        extras.Add(new(member.Name, value.GetRawText()));
                    }

                    break;
            }
        }

        // output_config.effort steers adaptive thinking; alone it is an effort (map from the effort first).
        ThinkingSettings? thinking = mode switch
        {
            ThinkingMode.Budget => new(ThinkingMode.Budget, budget ?? 0, effort),
            ThinkingMode.Adaptive => new(ThinkingMode.Adaptive, null, effort),
            ThinkingMode.Disabled => new(ThinkingMode.Disabled),
            _ => effort is null ? null : new(ThinkingMode.Effort, null, effort),
        };

        return new Conversation
        {
            Source = ClientProtocol.AnthropicMessages,
            Model = model,
            System = system.ToValueArray(),
            Turns = turns.ToValueArray(),
            Tools = tools.ToValueArray(),
            ToolChoice = choice,
            ParallelToolCalls = parallel,
            Sampling = sampling,
            Thinking = thinking,
            Stream = stream,
            User = user,
            Extras = extras.ToValueArray(),
            Dropped = dropped.ToValueArray(),
        };
    }

    private static void ReadSystem(JsonElement value, List<TextPart> system, List<string> dropped)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            AddSystemText(system, new TextPart(value.GetString()!), dropped);
            return;
        }

        var i = 0;
        foreach (var block in Items(value, "system"))
        {
            var path = At("system", i++);
            if (TypeOf(block, path) != "text")
            {
                throw Invalid($"{path}.type", "must be text");
            }

            AddSystemText(system, ReadText(block, path), dropped);
        }
    }

    private static void AddSystemText(List<TextPart> system, TextPart text, List<string> dropped)
    {
        if (text.Text.StartsWith(AttributionPrefix, StringComparison.Ordinal))
        {
            dropped.Add("system attribution block (x-anthropic-billing-header)");
            return;
        }

        system.Add(text);
    }

    private static TextPart ReadText(JsonElement block, string path) =>
        new(ReqString(block, "text", path), OptObjectRaw(block, "cache_control", path));

    private static Turn ReadMessage(JsonElement message, string path, List<string> dropped)
    {
        RequireObject(message, path);
        var role = ReqString(message, "role", path) switch
        {
            "user" => Role.User,
            "assistant" => Role.Assistant,

            // Not in the Messages API, but Claude Code 2.1.330 sends one (see the fixture): instructions mid-conversation.
            "system" => Role.System,
            _ => throw Invalid($"{path}.role", "must be user or assistant"),
        };

        return new Turn(role, ReadContent(message, path, dropped, allowTools: true).ToValueArray());
    }

    private static List<Part> ReadContent(JsonElement owner, string path, List<string> dropped, bool allowTools)
    {
        var parts = new List<Part>();
        if (Get(owner, "content") is not { } content)
        {
            return parts;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            parts.Add(new TextPart(content.GetString()!));
            return parts;
        }

        var i = 0;
        foreach (var block in Items(content, $"{path}.content"))
        {
            var blockPath = At($"{path}.content", i++);
            var type = TypeOf(block, blockPath);
            switch (type)
            {
                case "text":
                    parts.Add(ReadText(block, blockPath));
                    break;
                case "image":
                    if (ReadImage(block, blockPath) is { } image)
                    {
                        parts.Add(image);
                    }
                    else
                    {
                        dropped.Add("image with a source other than base64 or url");
                    }

                    break;
                case "tool_use" when allowTools:
                    var input = Get(block, "input") is { } args ? args : default;
                    if (input.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
                    {
                        throw Invalid($"{blockPath}.input", "must be an object");
                    }

                    parts.Add(new ToolCallPart(
                        ReqString(block, "id", blockPath),
                        ReqString(block, "name", blockPath),
                        input.ValueKind == JsonValueKind.Object ? input.GetRawText() : "{}"));
                    break;
                case "tool_result" when allowTools:
                    parts.Add(new ToolResultPart(
                        ReqString(block, "tool_use_id", blockPath),
                        ReadContent(block, blockPath, dropped, allowTools: false).ToValueArray(),
                        OptBool(block, "is_error", blockPath) ?? false));
                    break;
                case "thinking" when allowTools:
                    parts.Add(new ThinkingPart(OptString(block, "thinking", blockPath) ?? string.Empty, OptString(block, "signature", blockPath)));
                    break;
                case "redacted_thinking" when allowTools:
                    parts.Add(new RedactedThinkingPart(OptString(block, "data", blockPath) ?? string.Empty));
                    break;
                default:
                    dropped.Add($"{type} block");
                    break;
            }
        }

        return parts;
    }

    private static ImagePart? ReadImage(JsonElement block, string path)
    {
        if (Get(block, "source") is not { } source)
        {
            throw Invalid($"{path}.source", "is required");
        }

        return TypeOf(source, $"{path}.source") switch
        {
            "base64" => new ImagePart(ReqString(source, "media_type", $"{path}.source"), ReqString(source, "data", $"{path}.source"), null),
            "url" => new ImagePart(null, null, ReqString(source, "url", $"{path}.source")),
            _ => null,
        };
    }

    private static Tool? ReadTool(JsonElement tool, string path, List<string> dropped)
    {
        RequireObject(tool, path);
        var type = OptString(tool, "type", path);
        if (type is not (null or "custom"))
        {
            if (type.StartsWith("web_search_", StringComparison.Ordinal))
            {
                return new WebSearchTool(tool.GetRawText());
            }

            dropped.Add($"server tool {type}");
            return null;
        }

        if (Get(tool, "defer_loading") is not null)
        {
            dropped.Add("tools[].defer_loading");
        }

        var schema = Get(tool, "input_schema");
        if (schema is { ValueKind: not JsonValueKind.Object })
        {
            throw Invalid($"{path}.input_schema", "must be an object");
        }

        return new FunctionTool(
            ReqString(tool, "name", path),
            OptString(tool, "description", path),
            schema?.GetRawText(),
            Get(tool, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetRawText() : null,
            OptObjectRaw(tool, "cache_control", path));
    }

    private static (ToolChoice?, bool?) ReadToolChoice(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        var type = TypeOf(value, "tool_choice");
        var choice = type switch
        {
            "auto" => new ToolChoice(ToolChoiceKind.Auto),
            "any" => new ToolChoice(ToolChoiceKind.Required),
            "none" => new ToolChoice(ToolChoiceKind.None),
            "tool" => new ToolChoice(ToolChoiceKind.Specific, ReqString(value, "name", "tool_choice")),
            _ => throw Invalid("tool_choice.type", "must be auto, any, tool or none"),
        };

        // disable_parallel_tool_use ↔ parallel_tool_calls.
        var disable = OptBool(value, "disable_parallel_tool_use", "tool_choice");
        return (choice, disable is { } d ? !d : null);
    }
}
