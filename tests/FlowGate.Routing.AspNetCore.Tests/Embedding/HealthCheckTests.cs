using System.Net;
using FlowGate.MockUpstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>AddFlowGate registers its upstreams as an ASP.NET health check, so the app's MapHealthChecks reports them.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task MapHealthChecks_SeesFlowGatesUpstreams_HealthyThenUnhealthyWhenTheUpstreamIsGone()
    {
        var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        try
        {
            await using var host = await EmbeddedHost.StartAsync(
                "providers.toml",
                ProvidersFile.Text(mock.BaseUrl.ToString().TrimEnd('/') + "/v1", ["r1"]),
                b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")),
                app =>
                {
                    app.MapFlowGate();
                    app.MapHealthChecks("/healthz");
                });

            using (var healthy = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
                Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
            }

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            var entry = report.Entries["flowgate-upstreams"];
            Assert.Contains("flowgate", entry.Tags);
            Assert.Equal("healthy", entry.Data["mock"]);

            await mock.DisposeAsync();
            mock = null;
            using var unhealthy = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
            Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
        }
        finally
        {
            if (mock is not null)
            {
                await mock.DisposeAsync();
            }
        }
    }
}
