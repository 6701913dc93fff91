using FlowGate.Routing;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps FlowGate's endpoints. An embedding app chooses what it maps, and where: <see cref="MapFlowGate"/> maps the
/// inference endpoints and the model list only; health, metrics and the root probe have their own calls. Each returns a
/// convention builder, so the app can put its own policies on them (<c>RequireAuthorization</c>, <c>RequireCors</c>,
/// rate limiting). The gateway host maps them all, as <see cref="UseFlowGateRouting"/> does.
/// </summary>
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
    /// Maps, under <paramref name="prefix"/>, <c>POST /v1/messages</c> (and <c>?beta=true</c>), <c>/v1/messages/count_tokens</c>,
    /// <c>/v1/chat/completions</c>, <c>/v1/responses</c> (each also under the <c>/v1/v1/</c> some clients send),
    /// <c>GET /v1/models</c> and <c>/v1/models/{id}</c>, and a 404 in the caller's protocol for any other path under
    /// <c>/v1/</c> (a catch-all: any literal route of the app under <c>/v1/</c> wins over it).
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">A path every endpoint is mapped under, such as <c>/llm</c> (clients then use
    /// <c>http://host/llm</c> as their base URL); none by default.</param>
    /// <returns>A builder for conventions on every endpoint mapped here.</returns>
    public static IEndpointConventionBuilder MapFlowGate(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var proxy = endpoints.ServiceProvider.GetRequiredService<ProxyHandler>();
        var group = endpoints.MapGroup(Prefix(prefix));
        foreach (var (path, protocol, countTokens) in Inference)
        {
            foreach (var twice in (ReadOnlySpan<string>)[string.Empty, "/v1"])
            {
                group.MapPost(twice + path, (HttpContext context) => proxy.HandleAsync(context, protocol, countTokens));
                group.MapMethods(twice + path, ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"], (HttpContext context) => ProxyHandler.MethodNotAllowedAsync(context, protocol));
            }
        }

        EdgeEndpoints.MapModels(group);
        return group;
    }

    /// <summary>
    /// Maps, under <paramref name="prefix"/>, <c>GET /health/liveliness</c> (alias <c>/health/live</c>) and
    /// <c>/health/readiness</c>, which answer at once, and <c>GET /health</c>, which probes every upstream (it needs the
    /// gateway key when one is configured). For ASP.NET's own health checks, <c>AddFlowGate</c> also registers one
    /// <c>IHealthCheck</c> per upstream: <c>app.MapHealthChecks(…)</c> sees them.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">A path the endpoints are mapped under, such as <c>/flowgate</c>; none by default.</param>
    /// <returns>A builder for conventions on the health endpoints.</returns>
    public static IEndpointConventionBuilder MapFlowGateHealth(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(Prefix(prefix));
        EdgeEndpoints.MapHealth(group);
        return group;
    }

    /// <summary>Maps FlowGate's Prometheus text (<c>GET</c>) at <paramref name="pattern"/>.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="pattern">The path; <c>/metrics</c> by default.</param>
    /// <returns>A builder for conventions on the metrics endpoint.</returns>
    public static IEndpointConventionBuilder MapFlowGateMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return EdgeEndpoints.MapMetrics(endpoints, pattern);
    }

    /// <summary>
    /// Maps <c>HEAD</c> and <c>GET</c> at <paramref name="prefix"/> (<c>/</c> by default): the connectivity probe Claude
    /// Code sends to its base URL before the first request.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The clients' base path; the site root by default.</param>
    /// <returns>A builder for conventions on the root endpoint.</returns>
    public static IEndpointConventionBuilder MapFlowGateRoot(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var path = Prefix(prefix);
        return EdgeEndpoints.MapRoot(endpoints, path.Length == 0 ? "/" : path);
    }

    /// <summary>
    /// Maps the status page: <c>GET /flowgate/</c> (a self-contained page, no CDN) and its data,
    /// <c>/flowgate/api/status</c>, <c>/flowgate/api/usage</c> and the live feed <c>/flowgate/api/events</c> (SSE). The
    /// data is guarded like <c>/metrics</c>: the gateway key when keys are configured, loopback only when none are.
    /// Opt-in for an embedding app; the gateway host maps it.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>A builder for conventions on the status page's endpoints.</returns>
    public static IEndpointConventionBuilder MapFlowGateStatusPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        FlowGate.Routing.AspNetCore.Status.StatusEndpoints.Map(group);
        return group;
    }

    /// <summary>
    /// Adds routing and every FlowGate endpoint (inference, models, root probe, health, metrics, status page) to a pipeline that does
    /// not map endpoints itself: what the gateway host serves.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseFlowGateRouting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        return app.UseEndpoints(endpoints =>
        {
            endpoints.MapFlowGate();
            endpoints.MapFlowGateRoot();
            endpoints.MapFlowGateHealth();
            endpoints.MapFlowGateMetrics();
            endpoints.MapFlowGateStatusPage();
        });
    }

    private static string Prefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim().TrimEnd('/');
        return trimmed.Length == 0 || trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }
}
