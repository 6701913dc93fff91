namespace FlowGate.Routing.Rewriting;

/// <summary>Which headers may cross the gateway (RFC 9110 §7.6.1 hop-by-hop rules plus FlowGate's own).</summary>
internal static class HeaderRules
{
    public const string AnthropicBeta = "anthropic-beta";

    /// <summary>Gets whether a header is hop-by-hop, or one the forwarder sets itself.</summary>
    /// <param name="name">The header name.</param>
    /// <returns><see langword="true"/> when the header must never be forwarded or configured.</returns>
    public static bool IsReserved(string name) =>
        Is(name, "connection") || Is(name, "keep-alive") || Is(name, "te") || Is(name, "trailer")
        || Is(name, "transfer-encoding") || Is(name, "upgrade") || Is(name, "host") || Is(name, "content-length")
        || name.StartsWith("proxy-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets whether a header carries a client credential, which never goes upstream.</summary>
    /// <param name="name">The header name.</param>
    /// <returns><see langword="true"/> for <c>authorization</c>, <c>x-api-key</c>, <c>api-key</c> and <c>x-goog-api-key</c>.</returns>
    public static bool IsCredential(string name) =>
        Is(name, "authorization") || Is(name, "x-api-key") || Is(name, "api-key") || Is(name, "x-goog-api-key");

    /// <summary>Gets whether a header is well formed: a token name (RFC 9110 §5.6.2) and a value without CR, LF or NUL.</summary>
    /// <param name="header">The header.</param>
    /// <returns><see langword="true"/> when it can be sent without splitting or corrupting the request.</returns>
    public static bool IsWellFormed(HttpHeader header) =>
        IsToken(header.Name) && IsSafeValue(header.Value);

    public static bool IsSafeValue(ReadOnlySpan<char> value) => value.IndexOfAny('\r', '\n', '\0') < 0;

    /// <summary>Gets whether a comma-separated <c>Connection</c> value lists <paramref name="name"/>.</summary>
    /// <param name="connection">The <c>Connection</c> header value.</param>
    /// <param name="name">A header name.</param>
    /// <returns><see langword="true"/> when the name is one of the listed options.</returns>
    public static bool Lists(string connection, string name)
    {
        foreach (var range in connection.AsSpan().Split(','))
        {
            if (connection.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsToken(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
