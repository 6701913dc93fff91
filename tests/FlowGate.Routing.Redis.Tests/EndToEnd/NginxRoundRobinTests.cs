using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FlowGate.Gateway.Tests.Support;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Redis.Tests.Support;

namespace FlowGate.Routing.Redis.Tests.EndToEnd;

/// <summary>
/// The recipe of docs/scale-out.md, run: three gateway processes sharing a real redis-server through <c>[state] redis</c>,
/// nginx round-robining every request over them.
/// </summary>
public sealed class NginxRoundRobinTests
{
    private static readonly string[] Models = ["mock-large", "mock-small", "claude-mock-sonnet", "gpt-mock"];

    [Fact]
    public async Task OneSessionsRequests_RoundRobinedByNginxOverThreeGatewayProcesses_AllLandOnOneTarget()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        var dirs = new List<string>();
        var gateways = new List<GatewayProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var dir = Directory.CreateTempSubdirectory("flowgate-replica-").FullName;
                dirs.Add(dir);
                var config = Path.Combine(dir, "providers.toml");
                await File.WriteAllTextAsync(config, ProvidersToml(mock, redis, dir));
                var port = GatewayProcess.FreePort();
                var gateway = GatewayProcess.Start("--config", config, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
                gateways.Add(gateway);
            }

            var backends = new List<Uri>();
            foreach (var gateway in gateways)
            {
                backends.Add(await gateway.WaitForListeningAsync());
                await gateway.WaitForOutputAsync("Shared state: connected to Redis");
            }

            await using var nginx = await Nginx.StartOrSkipAsync(backends);
            if (nginx is null)
            {
                return;
            }

            using var client = new HttpClient { BaseAddress = nginx.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var session in (string[])["e2e-one", "e2e-two", "e2e-three"])
            {
                var before = mock.Requests.Count;
                await SendAsync(client, session);
                // The binding is written to Redis and published in one pipeline: once the key is there, the message is out.
                await Eventually.TrueAsync(() => RedisHasKey(redis, $"flowgate:sticky:r:{session}"), "the binding reached Redis");
                for (var i = 0; i < 9; i++)
                {
                    await SendAsync(client, session);
                }

                var models = mock.Requests.Skip(before).Select(r => JsonNode.Parse(r.Body.Span)?["model"]?.GetValue<string>()).ToList();
                Assert.Equal(10, models.Count);
                Assert.Single(models.Distinct());
            }

            // nginx did spread each session: every replica answered some of the requests.
            foreach (var backend in backends)
            {
                var metrics = await client.GetStringAsync(new Uri(backend, "/metrics"));
                Assert.Contains(metrics.Split('\n'), line => line.StartsWith("flowgate_requests_total{", StringComparison.Ordinal) && line.Contains("route=\"r\"", StringComparison.Ordinal));
            }
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }

            foreach (var dir in dirs)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static async Task SendAsync(HttpClient client, string session)
    {
        using var request = Requests.Messages("r");
        request.Headers.Add("x-claude-code-session-id", session);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static bool RedisHasKey(RedisServer redis, string key)
    {
        using var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", redis.Port.ToString(CultureInfo.InvariantCulture), "EXISTS", key]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = cli.StandardOutput.ReadToEnd();
        cli.WaitForExit();
        return output.Trim() == "1";
    }

    private static string ProvidersToml(MockUpstreamServer mock, RedisServer redis, string dir) => $"""
        [upstreams.mock]
        protocol = "anthropic"
        base_url = "{mock.BaseUrl.ToString().TrimEnd('/')}"
        api_key = "sk-e2e-test"

        [routing.r]
        targets = [{string.Join(", ", Models.Select(m => $"{{ upstream = \"mock\", model = \"{m}\" }}"))}]

        [state]
        redis = "{redis.Configuration}"

        [paths]
        state_file = "{dir}/state.json"
        usage_ledger = "{dir}/usage.db"
        """;
}
