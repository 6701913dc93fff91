using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;
using FlowGate.Routing.Protocols.Errors;
using FlowGate.Routing.Protocols.Streams;

namespace FlowGate.Routing.Protocols;

/// <summary>
/// Translates between Anthropic Messages, OpenAI Chat and OpenAI Responses: requests on the way out,
/// answers (whole, streamed, errors) on the way back. Same protocol on both sides is a pass-through. Pure.
/// </summary>
internal static class ProtocolTranslator
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

    /// <summary>
    /// Translates a whole (non-streamed) upstream answer into the client's protocol: decoded into one neutral answer,
    /// encoded for the client with the model echoed, tool names mapped back, wrapped custom tools unwrapped, stop
    /// reason and usage mapped, and ids derived deterministically from the upstream's. Same protocol: returned as is.
    /// </summary>
    /// <param name="upstreamBody">The upstream's UTF-8 JSON answer.</param>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The client's answer.</returns>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static byte[] TranslateResponse(ReadOnlySpan<byte> upstreamBody, TranslationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsPassThrough)
        {
            return upstreamBody.ToArray();
        }

        return Encode(Decode(upstreamBody, context.Upstream), context);
    }

    /// <summary>Translates an upstream error body into the client's protocol's error shape, keeping its message and type.</summary>
    /// <param name="upstreamBody">The upstream's error body.</param>
    /// <param name="status">The upstream's status.</param>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The client's error body.</returns>
    /// <remarks>
    /// Any shape is read (Anthropic, OpenAI, flat <c>{code,message}</c>, plain text). A JSON body on a pass-through is
    /// returned unchanged; plain text is always put in the client's shape. The type maps between vocabularies (e.g.
    /// <c>rate_limit_error</c> ↔ <c>rate_limit_exceeded</c>, <c>overloaded_error</c> ↔ <c>server_error</c>/<c>server_overloaded</c>,
    /// <c>context_length_exceeded</c> ↔ <c>invalid_request_error</c> with "prompt is too long" put in front of an OpenAI
    /// wording), the message is kept verbatim.
    /// </remarks>
    public static byte[] TranslateError(ReadOnlySpan<byte> upstreamBody, int status, TranslationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsPassThrough && IsJson(upstreamBody))
        {
            return upstreamBody.ToArray();
        }

        return ErrorMapping.Encode(context.Client, ErrorMapping.Read(upstreamBody, status));
    }

    /// <summary>Creates a stream translator from the upstream's protocol to the client's.</summary>
    /// <param name="context">The request's translation context.</param>
    /// <returns>The translator, one per stream.</returns>
    /// <remarks>
    /// The translator is an upstream decoder (SSE bytes → neutral stream events) joined to a client encoder (events →
    /// the client's SSE), each a state machine keeping its protocol's rules. A pass-through relays the bytes untouched
    /// and only watches for the terminator.
    /// </remarks>
    public static IStreamTranslator CreateStreamTranslator(TranslationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IStreamDecoder decoder = context.Upstream switch
        {
            ClientProtocol.AnthropicMessages => new AnthropicStreamDecoder(),
            ClientProtocol.OpenAIChat => new ChatStreamDecoder(),
            _ => new ResponsesStreamDecoder(),
        };
        if (context.IsPassThrough)
        {
            return new PassThroughStreamTranslator(decoder);
        }

        ClientStreamEncoder encoder = context.Client switch
        {
            ClientProtocol.AnthropicMessages => new AnthropicStreamEncoder(context),
            ClientProtocol.OpenAIChat => new ChatStreamEncoder(context),
            _ => new ResponsesStreamEncoder(context),
        };
        return new StreamTranslator(decoder, encoder);
    }

    /// <summary>Decodes a whole answer of the given protocol.</summary>
    /// <param name="body">The JSON body.</param>
    /// <param name="protocol">Its protocol.</param>
    /// <returns>The neutral answer.</returns>
    internal static Answer Decode(ReadOnlySpan<byte> body, ClientProtocol protocol)
    {
        using var document = JsonDocument.Parse(body.ToArray(), AnswerJson.DocumentOptions);
        var root = document.RootElement;
        return protocol switch
        {
            ClientProtocol.AnthropicMessages => AnthropicAnswers.Decode(root),
            ClientProtocol.OpenAIChat => ChatAnswers.Decode(root),
            _ => ResponsesAnswers.Decode(root),
        };
    }

    /// <summary>Encodes a neutral answer for the context's client.</summary>
    /// <param name="answer">The answer.</param>
    /// <param name="context">The context.</param>
    /// <returns>The client's JSON body.</returns>
    internal static byte[] Encode(Answer answer, TranslationContext context) => context.Client switch
    {
        ClientProtocol.AnthropicMessages => AnthropicAnswers.Encode(answer, context),
        ClientProtocol.OpenAIChat => ChatAnswers.Encode(answer, context),
        _ => ResponsesAnswers.Encode(answer, context),
    };

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, AnswerJson.ReaderOptions);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
