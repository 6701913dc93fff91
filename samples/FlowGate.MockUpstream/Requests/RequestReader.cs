using System.Text.Json;

namespace FlowGate.MockUpstream.Requests;

/// <summary>Reads a <see cref="MockRequest"/> from an Anthropic Messages, OpenAI Chat or OpenAI Responses body.</summary>
internal static class RequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static MockRequest Read(MockEndpoint endpoint, ReadOnlyMemory<byte> body, string? toolHeader, string? signaturePrefix = null)
    {
        using var document = JsonDocument.Parse(body, DocumentOptions);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the request body must be a JSON object");
        }

        var turn = endpoint switch
        {
            MockEndpoint.ChatCompletions => LastChatTurn(root),
            MockEndpoint.Responses => LastResponsesTurn(root),
            _ => LastAnthropicTurn(root),
        };

        ToolCallPlan? tool = null;
        if (turn.ToolResult is null && (ToolMarker.FromHeader(toolHeader) ?? turn.Marker) is { } marker)
        {
            tool = FindTool(endpoint, root, marker.Name, marker.Arguments);
        }
        else if (turn.ToolResult is not null && ToolChain.Next(endpoint, root) is { } next)
        {
            tool = FindTool(endpoint, root, next.Name, next.Arguments);
        }

        var thinking = false;
        var omitted = false;
        var summary = false;
        var encrypted = false;
        int? maxTokens;
        switch (endpoint)
        {
            case MockEndpoint.ChatCompletions:
                thinking = String(root, "reasoning_effort") is { } effort && effort != "none";
                maxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
                break;
            case MockEndpoint.Responses:
                encrypted = root.TryGetProperty("include", out var include) && include.ValueKind == JsonValueKind.Array
                    && include.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.ValueEquals("reasoning.encrypted_content"));
                if (root.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.Object)
                {
                    thinking = String(reasoning, "effort") != "none";
                    summary = String(reasoning, "summary") is { } s && s != "none";
                }

                thinking |= encrypted;
                maxTokens = Int(root, "max_output_tokens");
                break;
            default:
                if (root.TryGetProperty("thinking", out var config) && config.ValueKind == JsonValueKind.Object)
                {
                    thinking = String(config, "type") is "enabled" or "adaptive";
                    omitted = String(config, "display") == "omitted";
                }

                maxTokens = Int(root, "max_tokens");
                break;
        }

        return new MockRequest
        {
            Model = String(root, "model") ?? "mock",
            Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            IncludeUsage = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True,
            LastUserText = turn.Text,
            ToolResult = turn.ToolResult,
            Tool = tool,
            Thinking = thinking,
            ThinkingOmitted = omitted,
            ReasoningSummary = summary,
            EncryptedReasoning = encrypted,
            MaxTokens = maxTokens,
            ForeignSignature = signaturePrefix is not null && HasForeignSignature(endpoint, root, signaturePrefix),
        };
    }

    /// <summary>Whether a thinking block's signature or a reasoning item's encrypted content was not made by this mock.</summary>
    private static bool HasForeignSignature(MockEndpoint endpoint, JsonElement root, string prefix)
    {
        if (endpoint == MockEndpoint.Responses)
        {
            return root.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array
                && input.EnumerateArray().Any(i => String(i, "type") == "reasoning" && String(i, "encrypted_content") is { } content
                    && !content.StartsWith(prefix, StringComparison.Ordinal));
        }

        if (endpoint is not (MockEndpoint.Messages or MockEndpoint.CountTokens)
            || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (String(message, "role") == "assistant" && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (String(block, "type") == "thinking" && !(String(block, "signature") ?? string.Empty).StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static Turn LastAnthropicTurn(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return Turn.None;
        }

        for (var i = messages.GetArrayLength() - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (String(message, "role") != "user" || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (String(block, "type") == "tool_result")
                    {
                        return new Turn(string.Empty, block.TryGetProperty("content", out var result) ? Text(result, joinAll: true) : string.Empty, null);
                    }
                }
            }

            return UserTurn(content);
        }

        return Turn.None;
    }

    private static Turn LastChatTurn(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return Turn.None;
        }

        for (var i = messages.GetArrayLength() - 1; i >= 0; i--)
        {
            var message = messages[i];
            var role = String(message, "role");
            if (role == "tool")
            {
                return new Turn(string.Empty, message.TryGetProperty("content", out var result) ? Text(result, joinAll: true) : string.Empty, null);
            }

            if (role == "user" && message.TryGetProperty("content", out var content))
            {
                return UserTurn(content);
            }
        }

        return Turn.None;
    }

    private static Turn LastResponsesTurn(JsonElement root)
    {
        if (!root.TryGetProperty("input", out var input))
        {
            return Turn.None;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return UserTurn(input);
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return Turn.None;
        }

        for (var i = input.GetArrayLength() - 1; i >= 0; i--)
        {
            var item = input[i];
            var type = String(item, "type");
            if (type is "function_call_output" or "custom_tool_call_output")
            {
                return new Turn(string.Empty, item.TryGetProperty("output", out var output) ? Text(output, joinAll: true) : string.Empty, null);
            }

            if ((type is null or "message") && String(item, "role") == "user" && item.TryGetProperty("content", out var content))
            {
                return UserTurn(content);
            }
        }

        return Turn.None;
    }

    private static Turn UserTurn(JsonElement content)
    {
        (string Name, string? Arguments)? marker = null;
        if (content.ValueKind == JsonValueKind.Array)
        {
            for (var i = content.GetArrayLength() - 1; i >= 0 && marker is null; i--)
            {
                marker = ToolMarker.Find(TextOfPart(content[i]));
            }
        }
        else
        {
            marker = ToolMarker.Find(content.ValueKind == JsonValueKind.String ? content.GetString() : null);
        }

        return new Turn(Text(content, joinAll: false), null, marker);
    }

    /// <summary>A string, or the text parts of a content array: the last one, or all joined.</summary>
    private static string Text(JsonElement content, bool joinAll)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        string? last = null;
        List<string>? all = null;
        foreach (var part in content.EnumerateArray())
        {
            if (TextOfPart(part) is { } text)
            {
                last = text;
                if (joinAll)
                {
                    (all ??= []).Add(text);
                }
            }
        }

        return joinAll ? (all is null ? string.Empty : string.Join("\n", all)) : last ?? string.Empty;
    }

    private static string? TextOfPart(JsonElement part) =>
        part.ValueKind == JsonValueKind.String ? part.GetString()
        : String(part, "type") is "text" or "input_text" or "output_text" ? String(part, "text")
        : null;

    private static ToolCallPlan? FindTool(MockEndpoint endpoint, JsonElement root, string name, string? arguments)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        (string Name, JsonElement? Schema)? caseInsensitive = null;
        foreach (var (toolName, schema) in Tools(endpoint, tools))
        {
            if (name == "*" || string.Equals(toolName, name, StringComparison.Ordinal))
            {
                return new ToolCallPlan(toolName, ToolArguments.Build(toolName, schema, arguments));
            }

            if (caseInsensitive is null && string.Equals(toolName, name, StringComparison.OrdinalIgnoreCase))
            {
                caseInsensitive = (toolName, schema);
            }
        }

        return caseInsensitive is { } match ? new ToolCallPlan(match.Name, ToolArguments.Build(match.Name, match.Schema, arguments)) : null;
    }

    private static IEnumerable<(string Name, JsonElement? Schema)> Tools(MockEndpoint endpoint, JsonElement tools)
    {
        foreach (var tool in tools.EnumerateArray())
        {
            switch (endpoint)
            {
                case MockEndpoint.ChatCompletions:
                    if (tool.TryGetProperty("function", out var function) && String(function, "name") is { } chatName)
                    {
                        yield return (chatName, Property(function, "parameters"));
                    }

                    break;
                case MockEndpoint.Responses:
                    var type = String(tool, "type");
                    if (type == "function" && String(tool, "name") is { } responsesName)
                    {
                        yield return (responsesName, Property(tool, "parameters"));
                    }
                    else if (type == "namespace" && tool.TryGetProperty("tools", out var nested) && nested.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var inner in Tools(endpoint, nested))
                        {
                            yield return inner;
                        }
                    }

                    break;
                default:
                    // Server tools (web_search_…) have a type and no input_schema; the mock does not call them.
                    if (String(tool, "name") is { } anthropicName && Property(tool, "input_schema") is { } inputSchema)
                    {
                        yield return (anthropicName, inputSchema);
                    }

                    break;
            }
        }
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private readonly record struct Turn(string Text, string? ToolResult, (string Name, string? Arguments)? Marker)
    {
        public static readonly Turn None = new(string.Empty, null, null);
    }
}
