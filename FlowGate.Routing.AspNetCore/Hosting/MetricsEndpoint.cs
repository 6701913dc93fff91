using System.Text;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Metrics;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format. It is guarded like every other endpoint with data: the gateway
/// key when keys are configured (Prometheus sends it with <c>authorization: {type: Bearer, credentials: …}</c> in the
/// scrape config), loopback only when none are. Series name configured routes, upstreams and models, which a remote
/// stranger should not list.
/// </summary>
internal sealed class MetricsEndpoint(GatewayRuntimeHolder runtime, PrometheusTextExporter exporter)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!await GatewayAuth.AuthorizeAsync(context, runtime.Current.Config, ClientProtocol.OpenAIChat).ConfigureAwait(false))
        {
            return;
        }

        var body = Encoding.UTF8.GetBytes(exporter.Render());
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusText.ContentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
