namespace FlowGate.Routing.Features;

/// <summary>
/// Chooses the key a request sticks to its target by: the first usable one of the
/// <c>x-claude-code-session-id</c> header, the session id in Claude Code's <c>metadata.user_id</c>, the
/// <c>prompt_cache_key</c> (Codex's thread id), Codex's <c>session-id</c> header and the <c>x-session-id</c>
/// header.
/// </summary>
/// <remarks>
/// A candidate is usable when it is not empty or white space and at most <see cref="MaxLength"/> characters
/// long; a longer value is passed over rather than cut, since cutting could merge two sessions. The bound
/// keeps a client from filling the sticky-session table with huge keys.
/// </remarks>
internal static class SessionKeys
{
    /// <summary>Claude Code's per-session header.</summary>
    public const string ClaudeCodeSessionHeader = "x-claude-code-session-id";

    /// <summary>Codex's session header.</summary>
    public const string CodexSessionHeader = "session-id";

    /// <summary>The generic session header other clients send.</summary>
    public const string SessionIdHeader = "x-session-id";

    /// <summary>The longest key used; longer candidates are passed over.</summary>
    public const int MaxLength = 256;

    /// <summary>Chooses the session key from values already looked up.</summary>
    /// <param name="claudeCodeSessionHeader">The <c>x-claude-code-session-id</c> header, if sent.</param>
    /// <param name="features">The request's features (for the metadata session id and the prompt cache key).</param>
    /// <param name="codexSessionHeader">The <c>session-id</c> header, if sent.</param>
    /// <param name="xSessionIdHeader">The <c>x-session-id</c> header, if sent.</param>
    /// <returns>The key, or <see langword="null"/> when the request names no session.</returns>
    public static string? Choose(
        string? claudeCodeSessionHeader,
        RequestFeatures features,
        string? codexSessionHeader,
        string? xSessionIdHeader)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Usable(claudeCodeSessionHeader)
            ?? Usable(features.MetadataSessionId)
            ?? Usable(features.PromptCacheKey)
            ?? Usable(codexSessionHeader)
            ?? Usable(xSessionIdHeader);
    }

    /// <summary>
    /// Chooses the session key, looking headers up only as far as needed. The state argument lets the caller
    /// pass its header collection to a <see langword="static"/> lambda, so no closure is allocated per request:
    /// <c>SessionKeys.Choose(features, request.Headers, static (h, name) =&gt; h[name].ToString())</c>.
    /// </summary>
    /// <typeparam name="THeaders">The type of the caller's header collection.</typeparam>
    /// <param name="features">The request's features.</param>
    /// <param name="headers">The header collection handed to <paramref name="header"/>.</param>
    /// <param name="header">Looks a header up by name (case-insensitively); <see langword="null"/> or empty when absent.</param>
    /// <returns>The key, or <see langword="null"/> when the request names no session.</returns>
    public static string? Choose<THeaders>(RequestFeatures features, THeaders headers, Func<THeaders, string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(header);
        return Usable(header(headers, ClaudeCodeSessionHeader))
            ?? Usable(features.MetadataSessionId)
            ?? Usable(features.PromptCacheKey)
            ?? Usable(header(headers, CodexSessionHeader))
            ?? Usable(header(headers, SessionIdHeader));
    }

    private static string? Usable(string? candidate) =>
        string.IsNullOrWhiteSpace(candidate) || candidate.Length > MaxLength ? null : candidate;
}
