namespace FlowGate.Routing.Protocols;

/// <summary>
/// Translates between Anthropic Messages, OpenAI Chat and OpenAI Responses (SPEC §1, §5): requests on the way out,
/// answers (whole, streamed, errors) on the way back. Same protocol on both sides is a pass-through. Pure.
/// </summary>
public static class ProtocolTranslator
{
    /// <summary>Translates a client request for an upstream that speaks <paramref name="upstream"/>.</summary>
    /// <param name="body">The client's UTF-8 JSON body.</param>
    /// <param name="client">The client's protocol.</param>
    /// <param name="upstream">The upstream's protocol.</param>
    /// <param name="effortTable">The budget ↔ effort table for thinking settings.</param>
    /// <returns>The upstream body and the context for the answer.</returns>
    /// <exception cref="InvalidRequestBodyException">The body cannot be translated (malformed, or a shape the target cannot express).</exception>
    /// <remarks>
    /// The body is decoded into one internal model (<c>Protocols/Model</c>) by the client protocol's decoder and
    /// written by the upstream protocol's encoder; each documents its rules and what it drops, and
    /// <see cref="TranslationContext.Dropped"/> lists what this request lost. The same protocol on both sides is a
    /// pass-through: the body is returned as sent, only read for its model and stream flag.
    /// </remarks>
    public static TranslatedRequest TranslateRequest(ReadOnlySpan<byte> body, ClientProtocol client, ClientProtocol upstream, Rewriting.ThinkingEffortTable? effortTable = null)
    {
        if (client == upstream)
        {
            var features = Features.RequestFeatureExtractor.Extract(body, client);
            return new TranslatedRequest(body.ToArray(), new TranslationContext
            {
                Client = client,
                Upstream = upstream,
                Model = features.Model ?? string.Empty,
                Stream = features.Stream,
            });
        }

        var conversation = client switch
        {
            ClientProtocol.AnthropicMessages => Decoders.AnthropicDecoder.Decode(body),
            ClientProtocol.OpenAIChat => Decoders.ChatDecoder.Decode(body),
            ClientProtocol.OpenAIResponses => Decoders.ResponsesDecoder.Decode(body),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, "Unknown client protocol."),
        };
        var session = new Encoders.EncodeSession(conversation, upstream, effortTable);
        var encoded = upstream switch
        {
            ClientProtocol.AnthropicMessages => Encoders.AnthropicEncoder.Encode(session),
            ClientProtocol.OpenAIChat => Encoders.ChatEncoder.Encode(session),
            ClientProtocol.OpenAIResponses => Encoders.ResponsesEncoder.Encode(session),
            _ => throw new ArgumentOutOfRangeException(nameof(upstream), upstream, "Unknown upstream protocol."),
        };
        return new TranslatedRequest(encoded, session.Context(client));
    }

    /// <summary>Translates a whole (non-streamed) upstream answer into the client's protocol.</summary>
    /// <param name="upstreamBody">The upstream's UTF-8 JSON answer.</param>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The client's answer.</returns>
    public static byte[] TranslateResponse(ReadOnlySpan<byte> upstreamBody, TranslationContext context) =>
        throw new NotSupportedException($"Translating {context?.Upstream} answers to {context?.Client} is not implemented yet.");

    /// <summary>Translates an upstream error body into the client's protocol's error shape, keeping its message and type.</summary>
    /// <param name="upstreamBody">The upstream's error body.</param>
    /// <param name="status">The upstream's status.</param>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The client's error body.</returns>
    public static byte[] TranslateError(ReadOnlySpan<byte> upstreamBody, int status, TranslationContext context) =>
        throw new NotSupportedException($"Translating {context?.Upstream} errors to {context?.Client} ({status}) is not implemented yet.");

    /// <summary>Creates a stream translator from the upstream's protocol to the client's.</summary>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The translator, one per stream.</returns>
    public static IStreamTranslator CreateStreamTranslator(TranslationContext context) =>
        throw new NotSupportedException($"Translating {context?.Upstream} streams to {context?.Client} is not implemented yet.");
}
