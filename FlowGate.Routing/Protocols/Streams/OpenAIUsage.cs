using System.Text.Json;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Reads an OpenAI usage object of either API: Chat's <c>prompt_tokens</c> / <c>completion_tokens</c> with their
/// <c>_details</c>, or Responses' <c>input_tokens</c> / <c>output_tokens</c> with theirs.
/// </summary>
internal static class OpenAIUsage
{
    /// <summary>Reads the value after a <c>usage</c> property name; anything but an object gives no usage.</summary>
    public static UsagePatch Read(ref Utf8JsonReader r)
    {
        long? prompt = null, cached = null, completion = null, reasoning = null;
        _ = r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return default;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("prompt_tokens"u8) || r.ValueTextEquals("input_tokens"u8))
            {
                _ = r.Read();
                prompt = JsonScratch.Number(ref r);
            }
            else if (r.ValueTextEquals("completion_tokens"u8) || r.ValueTextEquals("output_tokens"u8))
            {
                _ = r.Read();
                completion = JsonScratch.Number(ref r);
            }
            else if (r.ValueTextEquals("prompt_tokens_details"u8) || r.ValueTextEquals("completion_tokens_details"u8)
                || r.ValueTextEquals("input_tokens_details"u8) || r.ValueTextEquals("output_tokens_details"u8))
            {
                var isPrompt = r.ValueTextEquals("prompt_tokens_details"u8) || r.ValueTextEquals("input_tokens_details"u8);
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    r.Skip();
                    continue;
                }

                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var wanted = isPrompt ? r.ValueTextEquals("cached_tokens"u8) : r.ValueTextEquals("reasoning_tokens"u8);
                    _ = r.Read();
                    if (wanted)
                    {
                        _ = isPrompt ? cached = JsonScratch.Number(ref r) : reasoning = JsonScratch.Number(ref r);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }

        return UsagePatch.FromOpenAI(prompt, cached, completion, reasoning);
    }
}
