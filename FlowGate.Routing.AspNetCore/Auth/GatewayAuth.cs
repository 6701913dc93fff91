using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Auth;

/// <summary>Placeholder: gateway key checks (implemented on branch h5).</summary>
internal static class GatewayAuth
{
    /// <summary>Checks the request's gateway key (or, with none configured, that it comes from loopback).</summary>
    /// <returns><see langword="null"/> when allowed, else the error to answer with.</returns>
    public static Errors.ErrorKind? Check(HttpContext context, GatewayConfig config) => null;
}
