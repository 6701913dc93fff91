using System.Text.Json;

namespace FlowGate.Routing.Features;

/// <summary>
/// Reads the <see cref="RequestFeatures"/> of a request body in any of the three client protocols, in one
/// forward pass over the UTF-8 bytes. It runs on every request, so it builds no document, copies no text
/// except the few strings it returns, and skips members it does not use without looking into them.
/// </summary>
/// <remarks>
/// <para>What is read, per protocol:</para>
/// <list type="bullet">
/// <item><description>All: <c>model</c>, <c>stream</c>, <c>tools</c> (count and size).</description></item>
/// <item><description>Anthropic Messages: <c>messages</c>, <c>system</c>, <c>max_tokens</c>,
/// <c>thinking</c> (<c>enabled</c> or <c>adaptive</c> asks for thinking; <c>budget_tokens</c>),
/// <c>output_config.effort</c>, <c>metadata.user_id</c> (Claude Code's session id).</description></item>
/// <item><description>OpenAI Chat: <c>messages</c>, <c>max_completion_tokens</c> (preferred) or
/// <c>max_tokens</c>, <c>reasoning_effort</c> (anything but <c>none</c> asks for reasoning),
/// <c>prompt_cache_key</c>.</description></item>
/// <item><description>OpenAI Responses: <c>input</c> (a plain string counts as one user message),
/// <c>instructions</c>, <c>max_output_tokens</c>, <c>reasoning</c> (present and not <c>effort: none</c> asks
/// for reasoning), <c>prompt_cache_key</c>.</description></item>
/// </list>
/// <para>
/// Prompt text is the text content only: the system prompt or instructions, string contents and the
/// <c>text</c> of content blocks and parts in every message, and tool results. Thinking, images and tool-call
/// arguments are not prompt text. <see cref="RequestFeatures.PromptChars"/> counts its UTF-16 characters.
/// </para>
/// <para>
/// <see cref="RequestFeatures.EstimatedInputTokens"/> is the number of UTF-8 bytes, as sent (escaped), of the
/// prompt text, the tool definitions and the tool-call arguments, divided by four and rounded up: the usual
/// four-bytes-a-token rule, good enough for thresholds and far cheaper than a tokenizer.
/// </para>
/// <para>
/// Images are <c>image</c> (Anthropic), <c>image_url</c> (Chat) and <c>input_image</c> (Responses) blocks,
/// also inside tool results. Signed thinking is an Anthropic <c>thinking</c> block with a non-empty
/// <c>signature</c>, a <c>redacted_thinking</c> block, or a Responses <c>reasoning</c> item with
/// <c>encrypted_content</c>.
/// </para>
/// <para>
/// <see cref="RequestFeatures.LastUserText"/> is the text of the last user message that has any (messages
/// holding only tool results are passed over), its blocks joined by line feeds. When longer than
/// <see cref="MaxLastUserTextLength"/> its end is kept: clients put the typed prompt after the context they
/// inject (Claude Code's <c>&lt;system-reminder&gt;</c> blocks come first).
/// </para>
/// <para>
/// The host fills <see cref="RequestFeatures.SessionKey"/> (with <see cref="SessionKeys"/>, which also reads
/// headers) and <see cref="RequestFeatures.FailureStreak"/>; the body cannot tell them.
/// </para>
/// </remarks>
internal static class RequestFeatureExtractor
{
    /// <summary>
    /// The deepest nesting accepted. The scan itself is not recursive beyond a few fixed levels, so the bound
    /// protects whatever parses the body after it; it is generous because tool schemas nest.
    /// </summary>
    public const int MaxDepth = 128;

    /// <summary>The most characters of <see cref="RequestFeatures.LastUserText"/> kept (the end of the text).</summary>
    public const int MaxLastUserTextLength = 4096;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Extracts the features of a request body.</summary>
    /// <param name="utf8Body">The request body as sent, UTF-8 JSON.</param>
    /// <param name="protocol">The protocol the client speaks, which says where each feature lives.</param>
    /// <returns>The features; <see cref="RequestFeatures.SessionKey"/> and <see cref="RequestFeatures.FailureStreak"/> are left for the host.</returns>
    /// <exception cref="InvalidRequestBodyException">The body is not one well-formed JSON object in UTF-8, or nests deeper than <see cref="MaxDepth"/>.</exception>
    public static RequestFeatures Extract(ReadOnlySpan<byte> utf8Body, ClientProtocol protocol) => Extract(utf8Body, protocol, lastUserText: true);

    /// <summary>
    /// Extracts the features of a request body, decoding <see cref="RequestFeatures.LastUserText"/> only when
    /// <paramref name="lastUserText"/> is set: it is the one feature that costs a string as long as the prompt, and
    /// only conditions on it read it (<see cref="RouteTable.ReadsLastUserText"/>).
    /// </summary>
    internal static RequestFeatures Extract(ReadOnlySpan<byte> utf8Body, ClientProtocol protocol, bool lastUserText)
    {
        try
        {
            var scanner = new RequestBodyScanner(utf8Body, protocol, ReaderOptions, lastUserText);
            return scanner.Scan();
        }
        catch (JsonException e)
        {
            // The reader's own message quotes the offending character; only the position is passed on.
            throw new InvalidRequestBodyException(
                $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports invalid UTF-8 (or lone surrogates) inside a string this way when it is decoded.
            throw new InvalidRequestBodyException("The request body holds a string that is not valid UTF-8.");
        }
    }
}
