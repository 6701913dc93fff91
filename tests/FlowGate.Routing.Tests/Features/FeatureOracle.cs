using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Tests.Features;

/// <summary>
/// Computes the countable features of a body the slow, obvious way (a <see cref="JsonDocument"/> and the
/// definitions in <c>RequestFeatureExtractor</c>'s remarks), as an independent check of the one-pass scanner.
/// </summary>
internal sealed class FeatureOracle
{
    private long _textBytes;
    private long _otherBytes;

    private FeatureOracle()
    {
    }

    public int MessageCount { get; private set; }

    public int ToolCount { get; private set; }

    public int PromptChars { get; private set; }

    public int EstimatedInputTokens => (int)((_textBytes + _otherBytes + 3) / 4);

    public static FeatureOracle Of(byte[] body, ClientProtocol protocol)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var oracle = new FeatureOracle();
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            oracle.ToolCount = tools.GetArrayLength();
            foreach (var tool in tools.EnumerateArray())
            {
                oracle._otherBytes += RawLength(tool);
            }
        }

        if (protocol == ClientProtocol.OpenAIResponses)
        {
            if (root.TryGetProperty("instructions", out var instructions))
            {
                oracle.Content(instructions, 0);
            }

            if (root.TryGetProperty("input", out var input))
            {
                if (input.ValueKind == JsonValueKind.String)
                {
                    oracle.MessageCount = 1;
                    oracle.Text(input);
                }
                else if (input.ValueKind == JsonValueKind.Array)
                {
                    oracle.Messages(input);
                }
            }
        }
        else
        {
            if (protocol == ClientProtocol.AnthropicMessages && root.TryGetProperty("system", out var system))
            {
                oracle.Content(system, 0);
            }

            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                oracle.Messages(messages);
            }
        }

        return oracle;
    }

    /// <summary>The text of the last user message that has any, its blocks joined by line feeds (uncut).</summary>
    public static string? LastUserText(byte[] body, ClientProtocol protocol)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty(protocol == ClientProtocol.OpenAIResponses ? "input" : "messages", out var list))
        {
            return null;
        }

        if (list.ValueKind == JsonValueKind.String && protocol == ClientProtocol.OpenAIResponses)
        {
            return list.GetString() is { Length: > 0 } text ? text : null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? last = null;
        foreach (var message in list.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || role.GetString() != "user"
                || !message.TryGetProperty("content", out var content)
                || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                continue;
            }

            var texts = content.ValueKind == JsonValueKind.String
                ? [content.GetString()!]
                : content.EnumerateArray()
                    .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    .Select(b => b.GetProperty("text").GetString()!)
                    .ToList();
            texts = [.. texts.Where(t => t.Length > 0)];
            if (texts.Count > 0)
            {
                last = string.Join('\n', texts);
            }
        }

        return last;
    }

    private static int RawLength(JsonElement element) => Encoding.UTF8.GetByteCount(element.GetRawText());

    private void Messages(JsonElement list)
    {
        MessageCount = list.GetArrayLength();
        foreach (var message in list.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in message.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "content":
                        Content(property.Value, 0);
                        break;
                    case "output":
                        Content(property.Value, 1);
                        break;
                    case "tool_calls" or "arguments" or "input":
                        Arguments(property.Value);
                        break;
                }
            }
        }
    }

    private void Content(JsonElement content, int nesting)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            Text(content);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in block.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "text" when property.Value.ValueKind == JsonValueKind.String:
                        Text(property.Value);
                        break;
                    case "content" when nesting < 2:
                        Content(property.Value, nesting + 1);
                        break;
                    case "input":
                        Arguments(property.Value);
                        break;
                }
            }
        }
    }

    private void Text(JsonElement text)
    {
        PromptChars += text.GetString()!.Length;
        _textBytes += RawLength(text) - 2; // as sent, without the quotes
    }

    private void Arguments(JsonElement value) =>
        _otherBytes += value.ValueKind == JsonValueKind.String ? RawLength(value) - 2 : RawLength(value);
}
