using System.Text.Json;

namespace FlowGate.MockUpstream.Requests;

/// <summary>
/// Multi-step tool loops: a user text with several markers (<c>[[tool:Write {…}]] [[tool:Bash {…}]]</c>) asks for one
/// call per round, in order. After the client's result for round <c>k</c> the mock calls the tool of marker
/// <c>k + 1</c>; after the last one it answers with text. A round is one assistant turn with tool calls after the user
/// text that holds the markers.
/// </summary>
internal static class ToolChain
{
    /// <summary>The next marker of the chain, or null when the chain is done (or there is none).</summary>
    public static (string Name, string? Arguments)? Next(MockEndpoint endpoint, JsonElement root)
    {
        var (origin, rounds) = endpoint switch
        {
            MockEndpoint.ChatCompletions => Chat(root),
            MockEndpoint.Responses => Responses(root),
            _ => Anthropic(root),
        };
        var markers = ToolMarker.FindAll(origin);
        return rounds < markers.Count ? markers[rounds] : null;
    }

    private static (string? Origin, int Rounds) Anthropic(JsonElement root)
    {
        string? origin = null;
        var rounds = 0;
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return (null, 0);
        }

        foreach (var message in messages.EnumerateArray())
        {
            var role = String(message, "role");
            message.TryGetProperty("content", out var content);
            var blocks = content.ValueKind == JsonValueKind.Array ? content.EnumerateArray().ToList() : [];
            if (role == "user" && !blocks.Any(b => String(b, "type") == "tool_result"))
            {
                origin = content.ValueKind == JsonValueKind.String ? content.GetString()
                    : string.Join("\n", blocks.Select(b => String(b, "text")).OfType<string>());
                rounds = 0;
            }
            else if (role == "assistant" && blocks.Any(b => String(b, "type") == "tool_use"))
            {
                rounds++;
            }
        }

        return (origin, rounds);
    }

    private static (string? Origin, int Rounds) Chat(JsonElement root)
    {
        string? origin = null;
        var rounds = 0;
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return (null, 0);
        }

        foreach (var message in messages.EnumerateArray())
        {
            var role = String(message, "role");
            if (role == "user")
            {
                origin = Text(message);
                rounds = 0;
            }
            else if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                rounds++;
            }
        }

        return (origin, rounds);
    }

    private static (string? Origin, int Rounds) Responses(JsonElement root)
    {
        string? origin = null;
        var rounds = 0;
        if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array)
        {
            return (null, 0);
        }

        var previousWasCall = false;
        foreach (var item in input.EnumerateArray())
        {
            var type = String(item, "type") ?? "message";
            var isCall = type is "function_call" or "custom_tool_call" or "local_shell_call";
            if (type == "message" && String(item, "role") == "user")
            {
                origin = Text(item);
                rounds = 0;
            }
            else if (isCall && !previousWasCall)
            {
                rounds++;
            }

            // Consecutive calls are one round (parallel calls of one assistant turn).
            if (type != "reasoning")
            {
                previousWasCall = isCall;
            }
        }

        return (origin, rounds);
    }

    private static string? Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        return content.ValueKind == JsonValueKind.Array
            ? string.Join("\n", content.EnumerateArray().Select(p => String(p, "text")).OfType<string>())
            : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
