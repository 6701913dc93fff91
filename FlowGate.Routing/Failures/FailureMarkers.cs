namespace FlowGate.Routing.Failures;

/// <summary>
/// The body markers <see cref="FailureClassifier"/> looks for, ASCII and lower case, in priority order. Markers of
/// error types and codes keep their JSON quotes so that they match a <c>"type"</c> or <c>"code"</c> value and not a
/// word in a message; markers of free-text messages have none.
/// </summary>
internal static class FailureMarkers
{
    /// <summary>Gets the markers of a prompt that exceeds the context window (OpenAI, Anthropic, vLLM, Bedrock wordings).</summary>
    public static readonly string[] ContextLength =
    [
        "context_length_exceeded",
        "prompt is too long",
        "maximum context length",
        "context window",
        "context_window_exceeded",
        "exceed context limit",
        "input is too long",
    ];

    /// <summary>Gets the code OpenAI gives encrypted reasoning that does not verify; it names no signature.</summary>
    public const string InvalidEncryptedContent = "invalid_encrypted_content";

    /// <summary>Gets the word that, with one of <see cref="SignatureContext"/>, marks a rejected thinking signature.</summary>
    public const string Signature = "signature";

    /// <summary>Gets the words that tie "signature" to thinking or reasoning (and not, say, to a webhook).</summary>
    public static readonly string[] SignatureContext = ["thinking", "reasoning", "encrypted_content"];

    /// <summary>Gets the markers CLIProxyAPI puts in any status when it has no usable credential.</summary>
    public static readonly string[] AuthUnavailable = ["auth_unavailable", "auth_not_found"];

    /// <summary>Gets the markers that turn an auth failure into a long (quota) cool-down.</summary>
    public static readonly string[] Quota = ["quota", "validation required", "validation_required", "usage_not_included"];

    /// <summary>Gets the codes that make a 429 a billing stop rather than a rate limit: waiting minutes will not help.</summary>
    public static readonly string[] QuotaExhausted = ["insufficient_quota", "usage_not_included"];

    /// <summary>Gets the error types and codes of a first stream event that mean auth.</summary>
    public static readonly string[] AuthTypes =
    [
        "\"authentication_error\"",
        "\"permission_error\"",
        "\"insufficient_quota\"",
        "\"usage_not_included\"",
        "\"invalid_api_key\"",
    ];

    /// <summary>Gets the error types and codes of a first stream event that mean rate limit or overload.</summary>
    public static readonly string[] RateLimitTypes =
    [
        "\"overloaded_error\"",
        "\"rate_limit_error\"",
        "\"rate_limit_exceeded\"",
    ];

    /// <summary>Gets the error types and codes of a first stream event that mean a transient upstream fault.</summary>
    public static readonly string[] TransientTypes = ["\"api_error\"", "\"server_error\"", "\"internal_server_error\""];

    /// <summary>Gets the error types and codes of a first stream event that mean the request itself is wrong.</summary>
    public static readonly string[] ClientTypes =
    [
        "\"invalid_request_error\"",
        "\"not_found_error\"",
        "\"request_too_large\"",
        "\"invalid_prompt\"",
        "\"model_not_found\"",
    ];

    /// <summary>Gets the phrase before a delay in OpenAI's rate-limit messages ("Please try again in 1.5s").</summary>
    public const string TryAgainIn = "try again in";

    /// <summary>Finds a context-window marker.</summary>
    /// <param name="body">The body prefix.</param>
    /// <returns>The marker found, or <see langword="null"/>.</returns>
    public static string? FindContextLength(ReadOnlySpan<byte> body) => AsciiScanner.FindFirst(body, ContextLength);

    /// <summary>Finds a thinking-signature or encrypted-reasoning rejection.</summary>
    /// <param name="body">The body prefix.</param>
    /// <returns>The marker found, or <see langword="null"/>.</returns>
    public static string? FindSignature(ReadOnlySpan<byte> body)
    {
        if (AsciiScanner.Contains(body, InvalidEncryptedContent))
        {
            return InvalidEncryptedContent;
        }

        return AsciiScanner.Contains(body, Signature) && AsciiScanner.FindFirst(body, SignatureContext) is not null
            ? Signature
            : null;
    }
}
