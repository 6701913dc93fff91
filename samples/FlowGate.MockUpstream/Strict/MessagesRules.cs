using System.Text.Json;
using static FlowGate.MockUpstream.Strict.StrictJson;

namespace FlowGate.MockUpstream.Strict;

/// <summary>What the Anthropic Messages API refuses (and <c>count_tokens</c>, which takes the same body without <c>max_tokens</c>).</summary>
internal static class MessagesRules
{
    private static readonly HashSet<string> BlockTypes = new(StringComparer.Ordinal)
    {
        "text", "image", "document", "search_result", "tool_use", "tool_result", "thinking", "redacted_thinking",
        "server_tool_use", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
        "mcp_tool_use", "mcp_tool_result", "container_upload",
    };

    public static StrictViolation? Check(IHeaderDictionary headers, JsonElement root, string signaturePrefix, bool countTokens)
    {
        if (headers["x-api-key"].ToString().Length == 0 && headers.Authorization.ToString().Length == 0)
        {
            return new StrictViolation(401, "authentication_error", "x-api-key header is required");
        }

        if (headers["anthropic-version"].ToString().Length == 0)
        {
            return StrictViolation.Invalid("anthropic-version: header is required");
        }

        if (!Has(root, "model"))
        {
            return StrictViolation.Invalid("model: Field required");
        }

        if (!countTokens && !Has(root, "max_tokens"))
        {
            return StrictViolation.Invalid("max_tokens: Field required");
        }

        if (!TryArray(root, "messages", out var messages))
        {
            return StrictViolation.Invalid("messages: Field required");
        }

        if (root.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.Array)
        {
            var s = 0;
            foreach (var block in system.EnumerateArray())
            {
                if (String(block, "type") != "text")
                {
                    return StrictViolation.Invalid($"system.{s}.type: Input should be 'text'");
                }

                s++;
            }
        }

        var index = 0;
        HashSet<string> previousToolUses = [];
        foreach (var message in messages.EnumerateArray())
        {
            var role = String(message, "role");
            // Claude Code 2.1.3xx sends system-role turns inside messages, and the API takes them.
            if (role is not ("user" or "assistant" or "system"))
            {
                return StrictViolation.Invalid($"messages.{index}.role: Input should be 'user', 'assistant' or 'system'");
            }

            if (index == 0 && role == "assistant")
            {
                return StrictViolation.Invalid("messages: first message must use the \"user\" role");
            }

            var toolUses = new HashSet<string>(StringComparer.Ordinal);
            var answered = new HashSet<string>(StringComparer.Ordinal);
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                var b = 0;
                foreach (var block in content.EnumerateArray())
                {
                    var type = String(block, "type");
                    if (type is null || !BlockTypes.Contains(type))
                    {
                        return StrictViolation.Invalid(
                            $"messages.{index}.content.{b}.type: Input tag '{type}' found using 'type' does not match any of the expected tags: {string.Join(", ", BlockTypes.Select(t => $"'{t}'"))}");
                    }

                    if (type is "tool_use" or "thinking" or "redacted_thinking" && role != "assistant")
                    {
                        return StrictViolation.Invalid($"messages.{index}.content.{b}: `{type}` blocks can only be in `assistant` messages");
                    }

                    if (type == "tool_result" && role != "user")
                    {
                        return StrictViolation.Invalid($"messages.{index}.content.{b}: `tool_result` blocks can only be in `user` messages");
                    }

                    if (type == "tool_use" && String(block, "id") is { } id)
                    {
                        toolUses.Add(id);
                    }

                    if (type == "tool_result")
                    {
                        var useId = String(block, "tool_use_id") ?? string.Empty;
                        if (!previousToolUses.Contains(useId))
                        {
                            return StrictViolation.Invalid(
                                $"messages.{index}.content.{b}: unexpected `tool_use_id` found in `tool_result` blocks: {useId}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                        }

                        answered.Add(useId);
                    }

                    if (type == "thinking" && !(String(block, "signature") ?? string.Empty).StartsWith(signaturePrefix, StringComparison.Ordinal))
                    {
                        return StrictViolation.Invalid($"messages.{index}.content.{b}: Invalid `signature` in `thinking` block");
                    }

                    b++;
                }
            }
            else if (content.ValueKind != JsonValueKind.String)
            {
                return StrictViolation.Invalid($"messages.{index}.content: Field required");
            }

            if (previousToolUses.Count > 0 && !previousToolUses.SetEquals(answered))
            {
                var missing = string.Join(", ", previousToolUses.Where(id => !answered.Contains(id)));
                return StrictViolation.Invalid(
                    $"messages.{index}: `tool_use` ids were found without `tool_result` blocks immediately after: {missing}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
            }

            previousToolUses = toolUses;
            index++;
        }

        return null;
    }
}
