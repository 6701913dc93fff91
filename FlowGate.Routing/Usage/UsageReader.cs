using System.Text.Json;
using FlowGate.Routing.Protocols.Streams;

namespace FlowGate.Routing.Usage;

/// <summary>
/// Reads the usage an upstream reports, in the upstream's own protocol: a whole answer's top-level <c>usage</c>, or a
/// stream event's — top-level (Anthropic <c>message_delta</c>, a Chat chunk) or one level down (Anthropic
/// <c>message_start</c>'s <c>message.usage</c>, Responses' <c>response.usage</c>). OpenAI prompts include their cached
/// tokens; they are taken out of <see cref="TokenUsage.Input"/> so every protocol counts the same way.
/// </summary>
internal static class UsageReader
{
    /// <summary>Reads a whole JSON answer's usage.</summary>
    /// <param name="json">The answer body.</param>
    /// <param name="protocol">The protocol the body is in.</param>
    /// <returns>The usage, or <see langword="null"/> when the body reports none (or is not JSON).</returns>
    public static TokenUsage? FromAnswer(ReadOnlySpan<byte> json, ClientProtocol protocol)
    {
        var usage = default(TokenUsage);
        return Merge(json, protocol, ref usage) ? usage : null;
    }

    /// <summary>
    /// Merges the counts one JSON document (a whole answer or one event's data) reports into <paramref name="usage"/>:
    /// counts it carries replace those before (streams report cumulative counts), counts it omits are kept.
    /// </summary>
    /// <param name="json">The document.</param>
    /// <param name="protocol">The protocol it is in.</param>
    /// <param name="usage">The usage so far.</param>
    /// <returns><see langword="true"/> when the document carried a usage object.</returns>
    internal static bool Merge(ReadOnlySpan<byte> json, ClientProtocol protocol, ref TokenUsage usage)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var found = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    found |= Apply(ref reader, protocol, ref usage);
                }
                else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("response"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("usage"u8))
                        {
                            found |= Apply(ref reader, protocol, ref usage);
                        }
                        else
                        {
                            _ = reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    _ = reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A cut or malformed document: whatever was read before the fault stands.
        }

        return found;
    }

    /// <summary>Reads the usage value after its property name and applies the counts present.</summary>
    private static bool Apply(ref Utf8JsonReader reader, ClientProtocol protocol, ref TokenUsage usage)
    {
        var patch = protocol == ClientProtocol.AnthropicMessages ? AnthropicStreamDecoder.ReadUsage(ref reader) : OpenAIUsage.Read(ref reader);
        if (patch.IsEmpty)
        {
            return false;
        }

        usage = new TokenUsage(
            patch.Input ?? usage.Input,
            patch.Output ?? usage.Output,
            patch.CacheRead ?? usage.CacheRead,
            patch.CacheWrite ?? usage.CacheWrite,
            patch.Reasoning ?? usage.Reasoning);
        return true;
    }
}
