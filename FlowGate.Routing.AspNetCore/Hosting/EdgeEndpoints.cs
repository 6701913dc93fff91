using FlowGate.Routing.AspNetCore.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// Maps the endpoints around the proxy: <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> (also under <c>/v1/v1/</c>), <c>HEAD|GET /</c>,
/// <c>/health/liveliness</c> (alias <c>/health/live</c>), <c>/health/readiness</c>, <c>/health</c>, <c>/metrics</c>, and
/// 404 in the caller's shape for any other path under <c>/v1/</c> (a catch-all, so every literal route wins over it).
/// </summary>
internal static class EdgeEndpoints
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    private static readonly string[] OtherThanGet = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var runtime = services.GetRequiredService<GatewayRuntimeHolder>();
        var models = new ModelsEndpoint(runtime);
        var health = new HealthEndpoints(runtime, services.GetRequiredService<UpstreamProber>());

        // Resolved here, at start-up, so the exporter listens before the first request is measured.
        var metrics = new MetricsEndpoint(runtime, services.GetRequiredService<Metrics.PrometheusTextExporter>());

        endpoints.MapMethods("/", GetOrHead, RootEndpoint.HandleAsync);
        foreach (var prefix in (ReadOnlySpan<string>)[string.Empty, "/v1"])
        {
            endpoints.MapMethods(prefix + "/v1/models", GetOrHead, models.HandleAsync);
            endpoints.MapMethods(prefix + "/v1/models", OtherThanGet, ModelsMethodNotAllowedAsync);
            endpoints.MapMethods(prefix + "/v1/models/{**id}", GetOrHead, models.HandleOneAsync);
            endpoints.MapMethods(prefix + "/v1/models/{**id}", OtherThanGet, ModelsMethodNotAllowedAsync);
        }

        endpoints.MapMethods("/health/liveliness", GetOrHead, HealthEndpoints.LivelinessAsync);
        endpoints.MapMethods("/health/live", GetOrHead, HealthEndpoints.LivelinessAsync);
        endpoints.MapMethods("/health/readiness", GetOrHead, health.ReadinessAsync);
        endpoints.MapGet("/health", health.HealthAsync);
        endpoints.MapGet("/metrics", metrics.HandleAsync);
        endpoints.Map("/v1/{**path}", UnknownPathAsync);
    }

    private static Task ModelsMethodNotAllowedAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return ClientErrors.WriteAsync(context, DiscoveryShape.Of(context.Request), ErrorKind.MethodNotAllowed, $"{context.Request.Method} is not allowed here; use GET.");
    }

    // The path is echoed JSON-escaped; the query string is not (it may carry a key some client put there).
    private static Task UnknownPathAsync(HttpContext context) =>
        ClientErrors.WriteAsync(context, DiscoveryShape.Of(context.Request), ErrorKind.NotFound, $"Unknown path '{context.Request.Path}'.");
}
