using FlowGate.Routing;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps FlowGate's endpoints.</summary>
public static class FlowGateEndpointRouteBuilderExtensions
{
    private static readonly (string Path, ClientProtocol Protocol, bool CountTokens)[] Inference =
    [
        ("/v1/messages", ClientProtocol.AnthropicMessages, false),
        ("/v1/messages/count_tokens", ClientProtocol.AnthropicMessages, true),
        ("/v1/chat/completions", ClientProtocol.OpenAIChat, false),
        ("/v1/responses", ClientProtocol.OpenAIResponses, false),
    ];

    /// <summary>
    /// Maps <c>POST /v1/messages</c> (and <c>?beta=true</c>), <c>/v1/messages/count_tokens</c>, <c>/v1/chat/completions</c>,
    /// <c>/v1/responses</c> (each also under the <c>/v1/v1/</c> some clients send), <c>GET /v1/models</c>, <c>HEAD /</c>,
    /// the health endpoints and <c>/metrics</c>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>A builder for conventions on every FlowGate endpoint.</returns>
    public static IEndpointConventionBuilder MapFlowGate(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var proxy = endpoints.ServiceProvider.GetRequiredService<ProxyHandler>();
        var group = endpoints.MapGroup(string.Empty);
        foreach (var (path, protocol, countTokens) in Inference)
        {
            foreach (var prefix in (ReadOnlySpan<string>)[string.Empty, "/v1"])
            {
                group.MapPost(prefix + path, (HttpContext context) => proxy.HandleAsync(context, protocol, countTokens));
                group.MapMethods(prefix + path, ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"], (HttpContext context) => ProxyHandler.MethodNotAllowedAsync(context, protocol));
            }
        }

        EdgeEndpoints.Map(group);
        return group;
    }

    /// <summary>
    /// Maps the status page: <c>GET /flowgate/</c> (a self-contained page, no CDN) and its data,
    /// <c>/flowgate/api/status</c>, <c>/flowgate/api/usage</c> and the live feed <c>/flowgate/api/events</c> (SSE). The
    /// data is guarded like <c>/metrics</c>: the gateway key when keys are configured, loopback only when none are.
    /// Opt-in for an embedding app; the gateway host maps it.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The endpoint route builder.</returns>
    public static IEndpointRouteBuilder MapFlowGateStatusPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        FlowGate.Routing.AspNetCore.Status.StatusEndpoints.Map(endpoints);
        return endpoints;
    }

    /// <summary>Adds routing and FlowGate's endpoints to a pipeline that does not map endpoints itself.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseFlowGateRouting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        return app.UseEndpoints(endpoints => endpoints.MapFlowGate());
    }
}
