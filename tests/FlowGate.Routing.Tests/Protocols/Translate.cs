using System.Text;
using System.Text.Json;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Protocols.Decoders;
using FlowGate.Routing.Protocols.Model;

namespace FlowGate.Routing.Tests.Protocols;

internal static class Translate
{
    public const ClientProtocol Anthropic = ClientProtocol.AnthropicMessages;
    public const ClientProtocol Chat = ClientProtocol.OpenAIChat;
    public const ClientProtocol Responses = ClientProtocol.OpenAIResponses;

    /// <summary>Translates, checks that the output is one JSON object the target's own decoder reads, and returns it.</summary>
    public static (JsonElement Body, TranslationContext Context) Run(string json, ClientProtocol from, ClientProtocol to) =>
        Run(Encoding.UTF8.GetBytes(json), from, to);

    public static (JsonElement Body, TranslationContext Context) Run(byte[] body, ClientProtocol from, ClientProtocol to)
    {
        var translated = ProtocolTranslator.TranslateRequest(body, from, to);
        _ = DecodeAs(translated.Body, to);
        using var document = JsonDocument.Parse(translated.Body);
        return (document.RootElement.Clone(), translated.Context);
    }

    public static Conversation DecodeAs(byte[] body, ClientProtocol protocol) => protocol switch
    {
        Anthropic => AnthropicDecoder.Decode(body),
        Chat => ChatDecoder.Decode(body),
        _ => ResponsesDecoder.Decode(body),
    };

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static JsonElement[] Items(this JsonElement array) => [.. array.EnumerateArray()];

    public static string? Str(this JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Has(this JsonElement obj, string name) => obj.TryGetProperty(name, out _);

    /// <summary>The JSON of the capture's body member as sent (used to compare raw values such as schemas).</summary>
    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
