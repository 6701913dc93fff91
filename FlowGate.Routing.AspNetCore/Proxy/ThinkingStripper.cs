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
    public static byte[] Strip(byte[] body, ClientProtocol wire)
    {
        try
        {
            if (JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 }) is not JsonObject root)
            {
                return body;
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
            return body;
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
