using System.Net;
using System.Text;
using FlowGate.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Gateway.Tests;

/// <summary>The gateway exports traces and metrics over OTLP when, and only when, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithAnOtlpEndpoint_ARequest_IsExportedAsTracesAndMetrics_OverHttpProtobuf()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        await using var gateway = GatewayProcess.Start(environment, "--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}");
        var address = await gateway.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"router-default","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The trace batch names FlowGate's source, the service, and the GenAI attributes of the request span.
        await receiver.WaitForAsync("/v1/traces", ExportWait, "FlowGate", "flowgate-gateway", "gen_ai.request.model", "router-default");
        await receiver.WaitForAsync("/v1/metrics", ExportWait, "flowgate_requests_total");
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NothingIsRegistered()
    {
        var services = new ServiceCollection();

        Assert.False(OtlpExport.AddIfRequested(services, _ => null));
        Assert.False(OtlpExport.AddIfRequested(services, _ => " "));
        Assert.Empty(services);
        Assert.True(OtlpExport.AddIfRequested(services, name => name == "OTEL_EXPORTER_OTLP_ENDPOINT" ? "http://127.0.0.1:4318" : null));
        Assert.NotEmpty(services);
    }
}
