using FlowGate.Routing.AspNetCore.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// Maps the endpoints around the proxy, in the groups an app maps separately: <c>GET /v1/models</c> and
/// <c>GET /v1/models/{id}</c> (also under <c>/v1/v1/</c>) with a 404 in the caller's shape for any other path under
/// <c>/v1/</c> (a catch-all, so every literal route wins over it); <c>/health/liveliness</c> (alias <c>/health/live</c>),
/// <c>/health/readiness</c> and <c>/health</c>; <c>/metrics</c>; <c>HEAD|GET /</c>.
/// </summary>
internal static class EdgeEndpoints
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    private static readonly string[] OtherThanGet = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    /// <summary>Maps the model list (also under <c>/v1/v1/</c>) and the 404 for any other path under <c>/v1/</c>.</summary>
    public static void MapModels(IEndpointRouteBuilder endpoints)
    {
        var models = new ModelsEndpoint(endpoints.ServiceProvider.GetRequiredService<GatewayRuntimeHolder>());
        foreach (var prefix in (ReadOnlySpan<string>)[string.Empty, "/v1"])
        {
            endpoints.MapMethods(prefix + "/v1/models", GetOrHead, models.HandleAsync);
            endpoints.MapMethods(prefix + "/v1/models", OtherThanGet, ModelsMethodNotAllowedAsync);
            endpoints.MapMethods(prefix + "/v1/models/{**id}", GetOrHead, models.HandleOneAsync);
            endpoints.MapMethods(prefix + "/v1/models/{**id}", OtherThanGet, ModelsMethodNotAllowedAsync);
        }

        endpoints.Map("/v1/{**path}", UnknownPathAsync);
    }

    /// <summary>Maps liveliness (and its alias), readiness and the probing <c>/health</c>.</summary>
    public static void MapHealth(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var health = new HealthEndpoints(services.GetRequiredService<GatewayRuntimeHolder>(), services.GetRequiredService<UpstreamProber>(), services.GetService<State.ISharedStateStatus>());
        endpoints.MapMethods("/health/liveliness", GetOrHead, HealthEndpoints.LivelinessAsync);
        endpoints.MapMethods("/health/live", GetOrHead, HealthEndpoints.LivelinessAsync);
        endpoints.MapMethods("/health/readiness", GetOrHead, health.ReadinessAsync);
        endpoints.MapGet("/health", health.HealthAsync);
    }

    /// <summary>Maps the Prometheus text at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapMetrics(IEndpointRouteBuilder endpoints, string pattern)
    {
        var services = endpoints.ServiceProvider;

        // Resolved here, at start-up, so the exporter listens before the first request is measured.
        var metrics = new MetricsEndpoint(services.GetRequiredService<GatewayRuntimeHolder>(), services.GetRequiredService<Metrics.PrometheusTextExporter>());
        return endpoints.MapGet(pattern, metrics.HandleAsync);
    }

    /// <summary>Maps the root probe at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapRoot(IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapMethods(pattern, GetOrHead, RootEndpoint.HandleAsync);

    private static Task ModelsMethodNotAllowedAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return ClientErrors.WriteAsync(context, DiscoveryShape.Of(context.Request), ErrorKind.MethodNotAllowed, $"{context.Request.Method} is not allowed here; use GET.");
    }

    // The path is echoed JSON-escaped; the query string is not (it may carry a key some client put there).
    private static Task UnknownPathAsync(HttpContext context) =>
        ClientErrors.WriteAsync(context, DiscoveryShape.Of(context.Request), ErrorKind.NotFound, $"Unknown path '{context.Request.Path}'.");
}
