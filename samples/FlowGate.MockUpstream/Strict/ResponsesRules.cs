using System.Text.Json;
using static FlowGate.MockUpstream.Strict.StrictJson;

namespace FlowGate.MockUpstream.Strict;

/// <summary>What the OpenAI Responses API refuses.</summary>
internal static class ResponsesRules
{
    private static readonly string[] ItemTypes =
    [
        "message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output", "reasoning",
        "web_search_call", "file_search_call", "computer_call", "computer_call_output", "local_shell_call", "local_shell_call_output",
        "image_generation_call", "code_interpreter_call", "mcp_call", "mcp_list_tools", "mcp_approval_request", "mcp_approval_response",
        "item_reference", "compaction",
    ];

    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];
    private static readonly string[] PartTypes = ["input_text", "input_image", "input_file", "input_audio", "output_text", "refusal"];

    public static StrictViolation? Check(IHeaderDictionary headers, JsonElement root, string signaturePrefix)
    {
        if (StrictRules.OpenAIKey(headers) is { } noKey)
        {
            return noKey;
        }

        if (!Has(root, "model"))
        {
            return StrictViolation.Invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }

        if (!TryArray(root, "input", out var input))
        {
            return null;
        }

        var index = 0;
        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in input.EnumerateArray())
        {
            var type = String(item, "type") ?? (Has(item, "role") ? "message" : null);
            if (type is null || !ItemTypes.Contains(type))
            {
                return StrictViolation.Invalid(
                    $"Invalid value: '{type}'. Supported values are: {string.Join(", ", ItemTypes.Select(t => $"'{t}'"))}.", $"input[{index}].type", "invalid_value");
            }

            switch (type)
            {
                case "message":
                    if (Message(item, index) is { } bad)
                    {
                        return bad;
                    }

                    break;
                case "function_call" or "custom_tool_call":
                    calls.Add(String(item, "call_id") ?? string.Empty);
                    break;
                case "function_call_output" or "custom_tool_call_output":
                    var callId = String(item, "call_id") ?? string.Empty;
                    if (!calls.Contains(callId))
                    {
                        return StrictViolation.Invalid($"No tool call found for function call output with call_id {callId}.", "input", null);
                    }

                    break;
                case "reasoning":
                    if (String(item, "encrypted_content") is { } encrypted && !encrypted.StartsWith(signaturePrefix, StringComparison.Ordinal))
                    {
                        return StrictViolation.Invalid(
                            "The encrypted content for item could not be verified. Reason: Encrypted content could not be decrypted or parsed.", null, "invalid_encrypted_content");
                    }

                    break;
            }

            index++;
        }

        return null;
    }

    private static StrictViolation? Message(JsonElement item, int index)
    {
        var role = String(item, "role");
        if (role is null || !Roles.Contains(role))
        {
            return StrictViolation.Invalid(
                $"Invalid value: '{role}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.", $"input[{index}].role", "invalid_value");
        }

        if (item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            var p = 0;
            foreach (var part in content.EnumerateArray())
            {
                var type = String(part, "type");
                if (type is null || !PartTypes.Contains(type))
                {
                    return StrictViolation.Invalid(
                        $"Invalid value: '{type}'. Supported values are: {string.Join(", ", PartTypes.Select(t => $"'{t}'"))}.", $"input[{index}].content[{p}].type", "invalid_value");
                }

                p++;
            }
        }

        return null;
    }
}
