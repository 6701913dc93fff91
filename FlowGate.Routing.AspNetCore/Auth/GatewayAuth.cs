using FlowGate.Routing.AspNetCore.Errors;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Auth;

/// <summary>
/// Gateway key checks. With keys configured a request must present one as <c>Authorization: Bearer</c> or
/// <c>x-api-key</c> (Claude Code sends the first for <c>ANTHROPIC_AUTH_TOKEN</c>, the second for <c>ANTHROPIC_API_KEY</c>,
/// both for an <c>apiKeyHelper</c>; Codex sends Bearer). Azure's <c>api-key</c> is deliberately not read: no client
/// FlowGate serves sends it, and every client can send Bearer. With no key configured only loopback clients are served,
/// unless the endpoint requires the embedding app's own authorization.
/// </summary>
internal static class GatewayAuth
{
    /// <summary>The message of a 401; it names the headers, never a key.</summary>
    public const string AuthenticationMessage = "Missing or invalid gateway key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.";

    /// <summary>The message of a 403 from a remote client when no key is configured.</summary>
    public const string LoopbackOnlyMessage = "This FlowGate has no gateway key configured and serves loopback clients only.";

    /// <summary>Checks the request's gateway key (or, with none configured, that it comes from loopback).</summary>
    /// <returns><see langword="null"/> when allowed, else the error to answer with.</returns>
    public static ErrorKind? Check(HttpContext context, GatewayConfig config) => Check(context, config, out _);

    /// <summary>Checks the request's gateway key and says which configured key it presented.</summary>
    /// <param name="context">The request.</param>
    /// <param name="config">The config in force.</param>
    /// <param name="keyIndex">The position of the key presented in <see cref="GatewayConfig.ApiKeys"/> followed by <see cref="GatewayConfig.NamedKeys"/>, or -1 (no keys configured, or refused).</param>
    /// <returns><see langword="null"/> when allowed, else the error to answer with.</returns>
    public static ErrorKind? Check(HttpContext context, GatewayConfig config, out int keyIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        keyIndex = -1;
        var keys = GatewayKeyHashes.Of(config);
        if (keys.IsEmpty)
        {
            return IsLocal(context.Connection) || RequiresHostAuthorization(context) ? null : ErrorKind.Permission;
        }

        var headers = context.Request.Headers;
        // Both headers are checked (no short-circuit on the first), so timing does not say which one matched.
        var bearer = keys.IndexOf(BearerToken(headers.Authorization));
        var apiKey = keys.IndexOf(Single(headers["x-api-key"]));
        keyIndex = Math.Max(bearer, apiKey);
        return keyIndex >= 0 ? null : ErrorKind.Authentication;
    }

    /// <summary>
    /// Checks the request and, when it is not allowed, writes the 401 or 403 in <paramref name="protocol"/>.
    /// </summary>
    /// <returns><see langword="true"/> when the request may go on.</returns>
    public static async ValueTask<bool> AuthorizeAsync(HttpContext context, GatewayConfig config, ClientProtocol protocol)
    {
        if (Check(context, config) is not { } kind)
        {
            return true;
        }

        await ClientErrors.WriteAsync(context, protocol, kind, MessageFor(kind)).ConfigureAwait(false);
        return false;
    }

    /// <summary>Gets the message for a kind <see cref="Check(HttpContext, GatewayConfig)"/> returned.</summary>
    public static string MessageFor(ErrorKind kind) => kind == ErrorKind.Permission ? LoopbackOnlyMessage : AuthenticationMessage;

    // An endpoint the app protects with its own authorization (RequireAuthorization on what MapFlowGate returned) was
    // authorized by the app's middleware before it ran: the app, not the loopback rule, decides who calls it.
    private static bool RequiresHostAuthorization(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
        && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null;

    // A connection without IP endpoints is a Unix socket, a named pipe or an in-memory server: local by construction.
    private static bool IsLocal(ConnectionInfo connection) => connection.RemoteIpAddress is { } remote
        ? LoopbackAddresses.IsLoopback(remote)
        : connection.LocalIpAddress is null;

    private static ReadOnlySpan<char> BearerToken(string? authorization)
    {
        var value = authorization.AsSpan().Trim();
        const string Scheme = "Bearer ";
        return value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? value[Scheme.Length..].Trim() : default;
    }

    // A repeated header is not a credential: accepting either value would let a client try two keys per request.
    private static ReadOnlySpan<char> Single(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 ? values[0].AsSpan().Trim() : default;
}
