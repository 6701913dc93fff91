using System.Text.Json;
using static FlowGate.MockUpstream.Strict.StrictJson;

namespace FlowGate.MockUpstream.Strict;

/// <summary>What the OpenAI Chat Completions API refuses.</summary>
internal static class ChatRules
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];
    private static readonly string[] PartTypes = ["text", "image_url", "input_audio", "refusal", "audio", "file"];

    public static StrictViolation? Check(IHeaderDictionary headers, JsonElement root)
    {
        if (StrictRules.OpenAIKey(headers) is { } noKey)
        {
            return noKey;
        }

        if (!Has(root, "model"))
        {
            return StrictViolation.Invalid("you must provide a model parameter", null, null);
        }

        if (!TryArray(root, "messages", out var messages))
        {
            return StrictViolation.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }

        var index = 0;
        HashSet<string> pending = [];
        foreach (var message in messages.EnumerateArray())
        {
            var role = String(message, "role");
            if (role is null || !Roles.Contains(role))
            {
                return StrictViolation.Invalid(
                    $"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", $"messages[{index}].role", "invalid_value");
            }

            if (role == "tool")
            {
                var id = String(message, "tool_call_id") ?? string.Empty;
                if (!pending.Remove(id))
                {
                    return StrictViolation.Invalid(
                        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", $"messages.[{index}].role", null);
                }
            }
            else if (pending.Count > 0)
            {
                return StrictViolation.Invalid(
                    $"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {string.Join(", ", pending)}",
                    "messages",
                    "invalid_parameter_value");
            }

            if (role == "assistant" && TryArray(message, "tool_calls", out var calls))
            {
                foreach (var call in calls.EnumerateArray())
                {
                    pending.Add(String(call, "id") ?? string.Empty);
                }
            }

            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                var p = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var type = String(part, "type");
                    if (type is null || !PartTypes.Contains(type))
                    {
                        return StrictViolation.Invalid(
                            $"Invalid value: '{type}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.", $"messages[{index}].content[{p}].type", "invalid_value");
                    }

                    p++;
                }
            }

            index++;
        }

        return null;
    }
}
