using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>A stream that breaks after its 200 went out is a failed request, counted and logged with the upstream that broke it.</summary>
public sealed class FailedAfterCommitAccountingTests
{
    [Fact]
    public async Task AStreamCutAfterCommit_IsCountedAsFailed_AndLoggedWithItsUpstream()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["cut"] = "cut-after:2" } });
        await using var gateway = await TestGateway.StartAsync(Gateway([ChatOnly("chat-up", mock)], Route("m", Target("chat-up", "cut"))));
        using var exporter = new PrometheusTextExporter(gateway.Services.GetRequiredService<FlowGateMetrics>());

        using var response = await gateway.Client.SendAsync(Requests.Chat("m", "break me", stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _ = await response.Content.ReadAsStringAsync();

        await WaitForAsync(() => string.Join('\n', gateway.Logs.Lines), t => t.Contains("attempts=1 outcome=FailedAfterCommit", StringComparison.Ordinal));
        var text = exporter.Render();
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_requests_total{route="m",protocol="openai_chat",status="502"}"""));
        Assert.DoesNotContain("""flowgate_requests_total{route="m",protocol="openai_chat",status="200"}""", text, StringComparison.Ordinal);
        var line = Assert.Single(gateway.Logs.Lines, l => l.Contains("outcome=FailedAfterCommit", StringComparison.Ordinal) && l.Contains("route=m ", StringComparison.Ordinal) && l.Contains("attempts=", StringComparison.Ordinal));
        Assert.Contains("upstream=chat-up status=502", line, StringComparison.Ordinal);
    }

    // The request's log line and counters are written after the client has its last byte.
    private static async Task<string> WaitForAsync(Func<string> read, Func<string, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(25);
        }

        return read();
    }
}
