using System.Text;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Secrets;

/// <summary>
/// The upstream key (a canary) never shows — raw, base64 or URL-encoded — in Debug logs, error bodies,
/// /metrics or /health, across successes, failures of every class and committed-stream errors.
/// </summary>
public sealed class CanaryTests
{
    [Fact]
    public async Task TheUpstreamKey_AppearsNowhere_AtDebugLevel()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            RequestLogCapacity = 0,
            FaultsByModel = new Dictionary<string, string> { ["e500"] = "status:500", ["auth"] = "status:401", ["cut"] = "cut-after:2", ["reset"] = "reset-before-headers", ["redirect"] = "redirect" },
        });
        var config = Configs.Gateway(
            [Instance("a", mock), Anthropic("b", mock)],
            Route("ok", Target("a", "mock-large")),
            Route("e500", Target("a", "e500")),
            Route("auth", Target("b", "auth")),
            Route("cut", Target("a", "cut")),
            Route("reset", Target("b", "reset")) with { Fallbacks = ["ok"] },
            Route("redirect", Target("a", "redirect")));
        await using var gateway = await TestGateway.StartAsync(config);
        var seen = new StringBuilder();
        foreach (var model in (string[])["ok", "e500", "auth", "cut", "reset", "redirect", "unknown-model"])
        {
            foreach (var client in Enum.GetValues<Client>())
            {
                foreach (var stream in (bool[])[true, false])
                {
                    var outcome = await Outcome.ReadAsync(gateway.Client, Outcome.Request(client, model, stream, Guid.NewGuid().ToString()), client, stream);
                    seen.AppendLine(outcome.Body);
                }
            }
        }

        foreach (var path in (string[])["/metrics", "/health", "/v1/models"])
        {
            using var response = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));
            seen.AppendLine(await response.Content.ReadAsStringAsync());
        }

        var everything = seen + string.Join("\n", gateway.Logs.Lines);
        foreach (var form in Forms(UpstreamKey))
        {
            Assert.DoesNotContain(form, everything, StringComparison.OrdinalIgnoreCase);
        }

        // The upstream itself did get the key, so the canary was live.
        Assert.True(mock.Counters.Total > 0);
    }

    internal static IEnumerable<string> Forms(string secret) =>
    [
        secret,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("Bearer " + secret)),
        Uri.EscapeDataString(secret),
        secret[4..^2],
    ];
}
