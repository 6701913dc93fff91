using System.Text.Json;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.State;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// The health endpoints: liveliness and readiness answer at once without a key (orchestrators probe them);
/// <c>GET /health</c> probes every upstream, needs the gateway key and answers in LiteLLM's shape, 503 unless all are healthy.
/// </summary>
internal sealed class HealthEndpoints(GatewayRuntimeHolder runtime, UpstreamProber prober, ISharedStateStatus? shared = null)
{
    public static Task LivelinessAsync(HttpContext context) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("status"u8, "healthy"u8);
            json.WriteEndObject();
        });

    // The holder is built with its first config (a bad one fails start-up), so a live holder means a loaded runtime.
    public Task ReadinessAsync(HttpContext context)
    {
        var ready = runtime.Current is not null;
        return JsonBody.WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteStartObject();
            json.WriteString("status"u8, ready ? "ready"u8 : "not_ready"u8);
            json.WriteEndObject();
        });
    }

    public async Task HealthAsync(HttpContext context)
    {
        var current = runtime.Current;
        if (!await GatewayAuth.AuthorizeAsync(context, current.Config, ClientProtocol.OpenAIChat).ConfigureAwait(false))
        {
            return;
        }

        var results = await prober.ProbeAllAsync(current.Config.Routing.Upstreams, context.RequestAborted).ConfigureAwait(false);
        var healthy = results.Where(r => r.Healthy).ToList();
        var unhealthy = results.Where(r => !r.Healthy).ToList();
        await JsonBody.WriteAsync(context, unhealthy.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteStartObject();
            WriteEndpoints(json, "healthy_endpoints"u8, healthy);
            WriteEndpoints(json, "unhealthy_endpoints"u8, unhealthy);
            json.WriteNumber("healthy_count"u8, healthy.Count);
            json.WriteNumber("unhealthy_count"u8, unhealthy.Count);
            if (shared is not null)
            {
                WriteSharedState(json, shared);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Writes <c>shared_state</c>: whether this replica is sharing its routing state, and since when.</summary>
    internal static void WriteSharedState(Utf8JsonWriter json, ISharedStateStatus shared)
    {
        json.WriteStartObject("shared_state"u8);
        json.WriteString("backend"u8, shared.Backend);
        json.WriteBoolean("connected"u8, shared.Connected);
        json.WriteString("since"u8, shared.Since);
        if (!shared.Connected)
        {
            json.WriteString("note"u8, "the store is unreachable: this replica routes on its own state until it reconnects");
        }

        json.WriteEndObject();
    }

    private static void WriteEndpoints(Utf8JsonWriter json, ReadOnlySpan<byte> name, List<ProbeResult> results)
    {
        json.WriteStartArray(name);
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("upstream"u8, result.Upstream);
            json.WriteString("base_url"u8, result.BaseUrl);
            if (result.Status is { } status)
            {
                json.WriteNumber("status"u8, status);
            }
            else
            {
                json.WriteNull("status"u8);
            }

            json.WriteNumber("latency_ms"u8, result.LatencyMs);
            if (result.Error is not null)
            {
                json.WriteString("error"u8, result.Error);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
