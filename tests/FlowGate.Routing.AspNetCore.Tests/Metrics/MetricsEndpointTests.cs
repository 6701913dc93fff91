using System.Net;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterRecording_ServesPrometheusText()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        var metrics = gateway.Services.GetRequiredService<FlowGateMetrics>();
        metrics.RequestCompleted("router-default", ClientProtocol.OpenAIChat, 200, TimeSpan.FromMilliseconds(12));
        metrics.CooldownStarted("live", "m-large", "transient");

        using var request = TestGateway.Get("/metrics", TestConfigs.GatewayKey);
        using var response = await gateway.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        PrometheusFormat.AssertValid(text);
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_requests_total{route="router-default",protocol="openai_chat",status="200"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_request_duration_seconds_count{route="router-default",protocol="openai_chat"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_cooldowns_total{upstream="live",model="m-large",class="transient"}"""));
        Assert.DoesNotContain(TestConfigs.GatewayKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithKeys_NoKey_401()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        using var response = await gateway.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_NoKeys_LoopbackScrape_200()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys());
        using var response = await gateway.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PrometheusFormat.AssertValid(await response.Content.ReadAsStringAsync());
    }
}
