namespace FlowGate.Routing.AspNetCore.Proxy.Headers;

/// <summary>
/// Which of a client's headers may travel to an upstream of a given protocol. A vendor's own headers (Anthropic's
/// <c>anthropic-*</c>, Claude Code's <c>x-claude-code-*</c> and <c>x-app</c>; OpenAI's <c>openai-*</c>, Codex's
/// <c>x-codex-*</c>, <c>originator</c>, <c>session-id</c>, <c>thread-id</c>) only go to that vendor's upstreams, and the
/// SDKs' <c>x-stainless-*</c> telemetry only when the client and the upstream are the same vendor's. Otherwise only a
/// few standard headers pass (<c>accept</c>, <c>user-agent</c>, trace context, an idempotency key) plus custom
/// <c>x-</c> headers that name no vendor and no proxy hop — what a user adds on purpose through the clients' own
/// settings (Claude Code's <c>ANTHROPIC_CUSTOM_HEADERS</c>, Codex's <c>http_headers</c>). Everything else — cookies,
/// <c>origin</c>, <c>forwarded</c>/<c>x-forwarded-*</c>, <c>x-flowgate-*</c>, unknown non-<c>x-</c> names — stays behind.
/// The upstream's and the target's configured headers are added afterwards and are not filtered here.
/// </summary>
internal static class UpstreamHeaderPolicy
{
    /// <summary>The Messages API version sent when the client did not name one (it is required on every request).</summary>
    public const string DefaultAnthropicVersion = "2023-06-01";

    /// <summary>The header the Messages API requires on every request.</summary>
    public const string AnthropicVersion = "anthropic-version";

    private static readonly string[] Standard = ["accept", "accept-language", "user-agent", "idempotency-key", "traceparent", "tracestate"];

    private static readonly string[] AnthropicNames = ["x-app"];
    private static readonly string[] AnthropicPrefixes = ["anthropic-", "x-claude-code-", "x-anthropic-"];

    private static readonly string[] OpenAINames = ["originator", "session-id", "session_id", "thread-id", "conversation_id", "x-client-request-id", "chatgpt-account-id", "version"];
    private static readonly string[] OpenAIPrefixes = ["openai-", "x-codex-", "x-openai-"];

    private const string SdkTelemetryPrefix = "x-stainless-";

    private static readonly string[] NeverPrefixes = ["x-forwarded-", "x-flowgate-", "x-real-ip", "x-original-", "x-envoy-", "x-amzn-"];

    /// <summary>Gets whether a client header may go to an upstream spoken to in <paramref name="wire"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="client">The protocol the client speaks.</param>
    /// <param name="wire">The protocol the upstream is spoken to in.</param>
    /// <returns><see langword="true"/> when the header is forwarded.</returns>
    public static bool Allows(string name, ClientProtocol client, ClientProtocol wire)
    {
        if (IsOneOf(name, Standard))
        {
            return true;
        }

        var target = VendorOf(wire);
        if (IsOneOf(name, AnthropicNames) || StartsWithAny(name, AnthropicPrefixes))
        {
            return target == Vendor.Anthropic;
        }

        if (IsOneOf(name, OpenAINames) || StartsWithAny(name, OpenAIPrefixes))
        {
            return target == Vendor.OpenAI;
        }

        if (name.StartsWith(SdkTelemetryPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return VendorOf(client) == target;
        }

        return name.StartsWith("x-", StringComparison.OrdinalIgnoreCase) && !StartsWithAny(name, NeverPrefixes);
    }

    private static Vendor VendorOf(ClientProtocol protocol) =>
        protocol == ClientProtocol.AnthropicMessages ? Vendor.Anthropic : Vendor.OpenAI;

    private static bool IsOneOf(string name, string[] names)
    {
        foreach (var candidate in names)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(string name, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private enum Vendor
    {
        Anthropic,
        OpenAI,
    }
}
