using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Removes signed thinking from a request for the one retry allowed after a signature error on a target that
/// did not make the signature: Anthropic <c>thinking</c> / <c>redacted_thinking</c> blocks, Responses <c>reasoning</c>
/// items. Rare, so a document rewrite is fine here.
/// </summary>
internal static class ThinkingStripper
{
    /// <summary>The body without its signed thinking; <see langword="null"/> when it cannot be read as a JSON object (it is sent as it is).</summary>
    public static byte[]? Strip(ReadOnlySpan<byte> body, ClientProtocol wire)
    {
        try
        {
            if (JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 }) is not JsonObject root)
            {
                return null;
            }

            if (wire == ClientProtocol.AnthropicMessages && root["messages"] is JsonArray messages)
            {
                foreach (var content in messages.OfType<JsonObject>().Select(m => m["content"]).OfType<JsonArray>())
                {
                    RemoveWhere(content, block => block?["type"]?.GetValue<string>() is "thinking" or "redacted_thinking");
                }
            }
            else if (wire == ClientProtocol.OpenAIResponses && root["input"] is JsonArray input)
            {
                RemoveWhere(input, item => item?["type"]?.GetValue<string>() == "reasoning");
            }

            return JsonSerializer.SerializeToUtf8Bytes(root);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void RemoveWhere(JsonArray array, Func<JsonNode?, bool> predicate)
    {
        for (var i = array.Count - 1; i >= 0; i--)
        {
            if (predicate(array[i]))
            {
                array.RemoveAt(i);
            }
        }
    }
}
