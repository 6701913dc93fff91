using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// FlowGate's upstreams as an ASP.NET health check (registered by <c>AddFlowGate</c> as <see cref="Name"/>, tagged
/// <see cref="Tag"/>), so <c>app.MapHealthChecks("/healthz")</c> reports them beside the app's own checks. It probes every
/// upstream of the configuration in force, as <c>GET /health</c> does: healthy when all answer, degraded when some do
/// (FlowGate falls back to those), unhealthy when none does. The data holds one entry per upstream.
/// </summary>
internal sealed class UpstreamsHealthCheck(GatewayRuntimeHolder runtime, UpstreamProber prober) : IHealthCheck
{
    /// <summary>The registration's name.</summary>
    public const string Name = "flowgate-upstreams";

    /// <summary>The registration's tag, to select FlowGate's checks (<c>Predicate = c =&gt; c.Tags.Contains("flowgate")</c>).</summary>
    public const string Tag = "flowgate";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var upstreams = runtime.Current.Config.Routing.Upstreams;
        var results = await prober.ProbeAllAsync(upstreams, cancellationToken).ConfigureAwait(false);
        var data = results.ToDictionary(r => r.Upstream, r => (object)(r.Healthy ? "healthy" : "unhealthy: " + r.Error), StringComparer.Ordinal);
        var unhealthy = results.Count(r => !r.Healthy);
        var summary = $"{results.Length - unhealthy} of {results.Length} upstream(s) answer";
        return unhealthy == 0 ? HealthCheckResult.Healthy(summary, data)
            : unhealthy < results.Length ? HealthCheckResult.Degraded(summary, data: data)
            : new HealthCheckResult(context.Registration.FailureStatus, summary, data: data);
    }
}
