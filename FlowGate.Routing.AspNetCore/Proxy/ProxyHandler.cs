using FlowGate.Routing.AspNetCore.Errors;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>Handles one inference request end to end (being written on main).</summary>
internal sealed class ProxyHandler(GatewayRuntimeHolder runtime)
{
    public GatewayRuntimeHolder Runtime { get; } = runtime;

    public Task HandleAsync(HttpContext context, ClientProtocol protocol, bool countTokens) =>
        ClientErrors.WriteAsync(context, protocol, ErrorKind.NotImplemented, $"not yet ({Runtime.Current.Table.Routes.Count} routes, count_tokens={countTokens})");

    public static Task MethodNotAllowedAsync(HttpContext context, ClientProtocol protocol) =>
        ClientErrors.WriteAsync(context, protocol, ErrorKind.MethodNotAllowed, $"{context.Request.Method} is not allowed here; use POST.");
}
