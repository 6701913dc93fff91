using System.Text.Json;
using FlowGate.Routing.Protocols.Json;
using FlowGate.Routing.Protocols.Model;
using static FlowGate.Routing.Protocols.Json.JsonRead;

namespace FlowGate.Routing.Protocols.Decoders;

/// <summary>Reads an OpenAI Chat Completions request into a <see cref="Conversation"/>.</summary>
/// <remarks>
/// System and developer messages before the first other message are the leading instructions; later ones stay in
/// place as <see cref="Role.System"/> turns. <c>role:"tool"</c> messages become user turns holding one tool
/// result each (the encoders merge and order them). <c>reasoning_content</c> (DeepSeek, vLLM) is read as unsigned
/// thinking. <c>max_completion_tokens</c> wins over <c>max_tokens</c>. Not represented (listed in
/// <see cref="Conversation.Dropped"/>): audio and file parts, non-function tools other than
/// <c>web_search_options</c>, and <c>stream_options</c> (each encoder sets its own). The legacy
/// <c>functions</c>/<c>role:"function"</c> shape is refused. Other members go to <see cref="Conversation.Extras"/>.
/// </remarks>
internal static class ChatDecoder
{
    public static Conversation Decode(ReadOnlySpan<byte> body) => JsonRead.Decode(body, Read);

    private static Conversation Read(JsonElement root)
    {
        var dropped = new List<string>();
        var extras = new List<RawMember>();
        var system = new List<TextPart>();
        var turns = new List<Turn>();
        var tools = new List<Tool>();
        var sampling = new Sampling();
        int? maxTokens = null;
        int? maxCompletionTokens = null;
        var conversation = new Conversation { Source = ClientProtocol.OpenAIChat, IncludeUsage = false };

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
                case "stream_options":
                    conversation = conversation with
                    {
                        IncludeUsage = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True,
                    };
                    break;
                case "messages":
                    var i = 0;
                    foreach (var message in Items(value, "messages"))
                    {
                        ReadMessage(message, At("messages", i++), system, turns, dropped);
                    }

                    break;
                case "tools" when value.ValueKind != JsonValueKind.Null:
                    var t = 0;
                    foreach (var tool in Items(value, "tools"))
                    {
                        var path = At("tools", t++);
                        if (TypeOf(tool, path) != "function")
                        {
                            dropped.Add($"tool type {TypeOf(tool, path)}");
                            continue;
                        }

                        var function = Get(tool, "function") ?? throw Invalid($"{path}.function", "is required");
                        RequireObject(function, $"{path}.function");
                        var parameters = Get(function, "parameters");
                        if (parameters is { ValueKind: not JsonValueKind.Object })
                        {
                            throw Invalid($"{path}.function.parameters", "must be an object");
                        }

                        tools.Add(new FunctionTool(
                            ReqString(function, "name", $"{path}.function"),
                            OptString(function, "description", $"{path}.function"),
                            parameters?.GetRawText(),
                            Get(function, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetRawText() : null));
                    }

                    break;
                case "web_search_options" when value.ValueKind != JsonValueKind.Null:
                    RequireObject(value, "web_search_options");
                    tools.Add(new WebSearchTool(value.GetRawText()));
                    break;
                case "tool_choice":
                    conversation = conversation with { ToolChoice = ReadToolChoice(value, dropped) };
                    break;
                case "parallel_tool_calls":
                    conversation = conversation with { ParallelToolCalls = OptBool(root, "parallel_tool_calls", "$") };
                    break;
                case "max_tokens":
                    maxTokens = OptInt(root, "max_tokens", "$");
                    break;
                case "max_completion_tokens":
                    maxCompletionTokens = OptInt(root, "max_completion_tokens", "$");
                    break;
                case "temperature":
                    sampling = sampling with { Temperature = OptNumber(root, "temperature", "$") };
                    break;
                case "top_p":
                    sampling = sampling with { TopP = OptNumber(root, "top_p", "$") };
                    break;
                case "stop":
                    sampling = sampling with { Stop = StringOrStrings(root, "stop", "$") };
                    break;
                case "reasoning_effort" when value.ValueKind != JsonValueKind.Null:
                    conversation = conversation with { Thinking = new ThinkingSettings(ThinkingMode.Effort, null, Str(value, "reasoning_effort")) };
                    break;
                case "user":
                    conversation = conversation with { User = OptString(root, "user", "$") };
                    break;
                case "verbosity":
                    conversation = conversation with { Verbosity = OptString(root, "verbosity", "$") };
                    break;
                case "response_format" when value.ValueKind != JsonValueKind.Null:
                    conversation = conversation with { Format = ReadFormat(value) };
                    break;
                case "functions" or "function_call":
                    throw Invalid(member.Name, "is the legacy function-calling shape, which is not translated; use tools");
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
            Sampling = sampling with { MaxOutputTokens = maxCompletionTokens ?? maxTokens },
            Extras = extras.ToValueArray(),
            Dropped = dropped.ToValueArray(),
        };
    }

    private static OutputFormat ReadFormat(JsonElement value)
    {
        var type = TypeOf(value, "response_format");
        if (type != "json_schema")
        {
            return new OutputFormat(type);
        }

        var schema = Get(value, "json_schema") ?? throw Invalid("response_format.json_schema", "is required");
        RequireObject(schema, "response_format.json_schema");
        return new OutputFormat(
            type,
            OptString(schema, "name", "response_format.json_schema"),
            OptString(schema, "description", "response_format.json_schema"),
            OptObjectRaw(schema, "schema", "response_format.json_schema"),
            Get(schema, "strict")?.GetRawText());
    }

    private static void ReadMessage(JsonElement message, string path, List<TextPart> system, List<Turn> turns, List<string> dropped)
    {
        RequireObject(message, path);
        switch (ReqString(message, "role", path))
        {
            case "system" or "developer":
                var texts = ReadParts(message, path, dropped).Select(p => p as TextPart ?? throw Invalid($"{path}.content", "must hold text only")).ToList();
                if (turns.Count == 0)
                {
                    system.AddRange(texts);
                }
                else
                {
                    turns.Add(new Turn(Role.System, texts.ToValueArray<Part>()));
                }

                break;
            case "user":
                turns.Add(new Turn(Role.User, ReadParts(message, path, dropped).ToValueArray()));
                break;
            case "assistant":
                var parts = new List<Part>();
                if (OptString(message, "reasoning_content", path) is { Length: > 0 } reasoning)
                {
                    parts.Add(new ThinkingPart(reasoning, null));
                }

                parts.AddRange(ReadParts(message, path, dropped));
                if (Get(message, "tool_calls") is { } calls)
                {
                    var i = 0;
                    foreach (var call in Items(calls, $"{path}.tool_calls"))
                    {
                        parts.Add(ReadToolCall(call, At($"{path}.tool_calls", i++)));
                    }
                }

                turns.Add(new Turn(Role.Assistant, parts.ToValueArray()));
                break;
            case "tool":
                var result = new ToolResultPart(ReqString(message, "tool_call_id", path), ReadParts(message, path, dropped).ToValueArray());
                turns.Add(new Turn(Role.User, [result]));
                break;
            case "function":
                throw Invalid($"{path}.role", "is the legacy function-calling shape, which is not translated; use tools");
            default:
                throw Invalid($"{path}.role", "must be system, developer, user, assistant or tool");
        }
    }

    private static ToolCallPart ReadToolCall(JsonElement call, string path)
    {
        RequireObject(call, path);
        var id = ReqString(call, "id", path);
        if (OptString(call, "type", path) == "custom")
        {
            var custom = Get(call, "custom") ?? throw Invalid($"{path}.custom", "is required");
            RequireObject(custom, $"{path}.custom");
            return new ToolCallPart(id, ReqString(custom, "name", $"{path}.custom"), CustomInput.Wrap(OptString(custom, "input", $"{path}.custom") ?? string.Empty), Custom: true);
        }

        var function = Get(call, "function") ?? throw Invalid($"{path}.function", "is required");
        RequireObject(function, $"{path}.function");
        return new ToolCallPart(id, ReqString(function, "name", $"{path}.function"), OptString(function, "arguments", $"{path}.function") ?? "{}");
    }

    private static List<Part> ReadParts(JsonElement message, string path, List<string> dropped)
    {
        var parts = new List<Part>();
        if (Get(message, "content") is not { } content)
        {
            return parts;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            if (content.GetString() is { Length: > 0 } text)
            {
                parts.Add(new TextPart(text));
            }

            return parts;
        }

        var i = 0;
        foreach (var part in Items(content, $"{path}.content"))
        {
            var partPath = At($"{path}.content", i++);
            switch (TypeOf(part, partPath))
            {
                case "text" or "refusal" or "input_text" or "output_text":
                    parts.Add(new TextPart(OptString(part, "text", partPath) ?? OptString(part, "refusal", partPath) ?? string.Empty));
                    break;
                case "image_url":
                    var image = Get(part, "image_url") ?? throw Invalid($"{partPath}.image_url", "is required");
                    var url = image.ValueKind == JsonValueKind.String ? image.GetString()! : ReqString(image, "url", $"{partPath}.image_url");
                    parts.Add(DataUrl.Image(url));
                    break;
                case var other:
                    dropped.Add($"{other} content part");
                    break;
            }
        }

        return parts;
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
                    _ => throw Invalid("tool_choice", "must be auto, none, required or a function"),
                };
            default:
                var type = TypeOf(value, "tool_choice");
                if (type == "function")
                {
                    var function = Get(value, "function") ?? throw Invalid("tool_choice.function", "is required");
                    RequireObject(function, "tool_choice.function");
                    return new ToolChoice(ToolChoiceKind.Specific, ReqString(function, "name", "tool_choice.function"));
                }

                if (type == "custom")
                {
                    var custom = Get(value, "custom") ?? throw Invalid("tool_choice.custom", "is required");
                    RequireObject(custom, "tool_choice.custom");
                    return new ToolChoice(ToolChoiceKind.Specific, ReqString(custom, "name", "tool_choice.custom"));
                }

                dropped.Add($"tool_choice {type} (sent as auto)");
                return new ToolChoice(ToolChoiceKind.Auto);
        }
    }
}
