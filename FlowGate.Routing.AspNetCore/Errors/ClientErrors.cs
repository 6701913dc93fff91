using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Errors;

/// <summary>Placeholder: writes errors in the client's protocol (implemented on branch h5).</summary>
internal static class ClientErrors
{
    /// <summary>Writes a complete error response: status, <c>Retry-After</c> when given, and the protocol's error JSON.</summary>
    public static Task WriteAsync(HttpContext context, ClientProtocol protocol, ErrorKind kind, string message, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = 500;
        return context.Response.WriteAsync(message);
    }

    /// <summary>The SSE bytes that end a committed stream with an error (Anthropic <c>event: error</c>; Responses <c>response.failed</c>; Chat one <c>data:</c> error object, no <c>[DONE]</c>).</summary>
    public static byte[] StreamTerminal(ClientProtocol protocol, ErrorKind kind, string message) => [];
}
