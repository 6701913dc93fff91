namespace FlowGate.Routing.AspNetCore.Proxy.Headers;

/// <summary>
/// Which of an upstream answer's headers may reach the client: the body's own description, what clients act on
/// (<c>retry-after</c>, <c>retry-after-ms</c>, <c>x-should-retry</c>, the rate-limit families) and the upstream's request
/// id for support. Everything else stays behind — <c>set-cookie</c> (a session with the upstream is not the client's),
/// <c>www-authenticate</c> (the challenge is for FlowGate's key), <c>server</c>/<c>x-powered-by</c>/<c>via</c>, account
/// names (<c>openai-organization</c>, <c>anthropic-organization-id</c>) and any other <c>x-</c> header of the upstream's
/// or its relays' internals (including a forged <c>x-flowgate-*</c>).
/// </summary>
internal static class ClientAnswerHeaderPolicy
{
    private static readonly string[] Names =
    [
        "content-type", "content-length", "content-encoding", "content-language", "cache-control", "date",
        "retry-after", "retry-after-ms", "x-should-retry", "request-id", "x-request-id",
        "openai-processing-ms", "openai-version",
    ];

    private static readonly string[] Prefixes = ["anthropic-ratelimit-", "x-ratelimit-"];

    /// <summary>Gets whether the upstream's header may be copied to the client.</summary>
    /// <param name="name">The header name.</param>
    /// <returns><see langword="true"/> when the header is relayed.</returns>
    public static bool Allows(string name)
    {
        foreach (var allowed in Names)
        {
            if (name.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
