using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowGate.Xgate.Tests.Support;

namespace FlowGate.Xgate.Tests.Commands;

/// <summary>
/// <c>xgate usage</c>, the usage summary of <c>xgate status</c> and the live budgets of <c>xgate route explain</c>, against
/// a real gateway and mock upstream started by xgate: what the gateway recorded is what xgate shows.
/// </summary>
public sealed class UsageCommandTests : IDisposable
{
    private const string AliceKey = "gw-alice-usage-canary-5e0b";
    private const string BobKey = "gw-bob-usage-canary-81d3";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task UsageStatusAndRouteExplain_ShowWhatTheRunningGatewayCounted()
    {
        var gatewayPort = XgateProcess.FreePort();
        var mockPort = XgateProcess.FreePort();
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(gatewayPort, mockPort)
            .Replace("model = \"m1\" }", "model = \"m1\", rpm = 50, tpm = 100000 }", StringComparison.Ordinal) + $"""


            [gateway.keys.alice]
            key = "{AliceKey}"
            max_daily_tokens = 1000

            [gateway.keys.bob]
            key = "{BobKey}"
            """);
        var env = new Dictionary<string, string?> { ["FLOWGATE_API_KEY"] = AliceKey };
        try
        {
            var start = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "service", "start", "all");
            Assert.True(start.ExitCode == 0, start.ToString());

            // alice: 2 requests of 10 + 5 + 2 = 17 tokens (an OpenAI upstream reports no cache writes); bob: 1 of 100 + 50 = 150.
            await ChatAsync(gatewayPort, AliceKey, "router-default", "10,5,2,0,0");
            await ChatAsync(gatewayPort, AliceKey, "router-default", "10,5,2,0,0");

            var explain = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "route", "explain", "router-default", "--key", "alice");
            Assert.True(explain.ExitCode == 0, explain.ToString());
            // The per-minute window may have turned since a request: whatever it counts, used and left add up, 17 tokens a request.
            var budget = System.Text.RegularExpressions.Regex.Match(explain.Stdout, @"budget: rpm 50: (\d+) used, (\d+) left; tpm 100000: (\d+) used, (\d+) left \(this minute");
            Assert.True(budget.Success, explain.ToString());
            var (requestsUsed, requestsLeft, tokensUsed, tokensLeft) = (Int(budget, 1), Int(budget, 2), Int(budget, 3), Int(budget, 4));
            Assert.InRange(requestsUsed, 0, 2);
            Assert.Equal((50, 17 * requestsUsed, 100_000), (requestsUsed + requestsLeft, tokensUsed, tokensUsed + tokensLeft));
            Assert.Contains("gateway key alice: max_daily_tokens 1000: 34 used, 966 left", explain.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(AliceKey, explain.All, StringComparison.Ordinal);

            await ChatAsync(gatewayPort, BobKey, "router-fast", "100,50,0,0,0");

            var byKey = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "usage", "--by", "key", "--json");
            Assert.True(byKey.ExitCode == 0, byKey.ToString());
            var json = JsonNode.Parse(byKey.Stdout)!;
            var rows = json["rows"]!.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>(), r => (r!["requests"]!.GetValue<long>(), r["tokens"]!["total"]!.GetValue<long>()));
            Assert.Equal((2L, 34L), rows["alice"]);
            Assert.Equal((1L, 150L), rows["bob"]);
            Assert.Equal(184, json["total"]!["tokens"]!["total"]!.GetValue<long>());
            Assert.DoesNotContain(AliceKey, byKey.All, StringComparison.Ordinal);

            var byRoute = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "usage", "--since", "1h", "--by", "route");
            Assert.True(byRoute.ExitCode == 0, byRoute.ToString());
            Assert.Matches(@"router-default\s*│\s*2\s*│\s*20\s*│\s*10\s*│\s*4\s*│\s*0\s*│\s*0\s*│\s*34", byRoute.Stdout);
            Assert.Matches(@"router-fast\s*│\s*1\s*│\s*100\s*│\s*50\s*│", byRoute.Stdout);
            Assert.Matches(@"total\s*│\s*3\s*│", byRoute.Stdout);

            var status = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "status");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Matches(@"Usage since \d{4}-\d{2}-\d{2} \(UTC\): 3 requests, 184 tokens \(input 120, output 60, cache read 4, cache write 0, reasoning 0\)", status.Stdout);

            var unknownKey = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "route", "explain", "router-default", "--key", "carol");
            Assert.Equal(1, unknownKey.ExitCode);
            Assert.Contains("no named gateway key 'carol'; named keys: alice, bob", unknownKey.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            var stop = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "service", "stop", "all");
            Assert.True(stop.ExitCode == 0, stop.ToString());
        }

        // The gateway gone: usage says so and fails; status still works and says why usage is missing.
        var offline = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "usage");
        Assert.Equal(1, offline.ExitCode);
        Assert.Contains("is not reachable", offline.Stderr, StringComparison.Ordinal);
        var offlineStatus = await XgateProcess.RunAsync(_dir.Path, env, "--config", config, "status");
        Assert.Equal(0, offlineStatus.ExitCode);
        Assert.Contains("Usage: not shown: the gateway at", offlineStatus.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_BadSince_IsAUsageError()
    {
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(XgateProcess.FreePort(), XgateProcess.FreePort()));
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", config, "usage", "--since", "yesterday");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--since must be a number of hours or days", result.All, StringComparison.Ordinal);
    }

    private static long Int(System.Text.RegularExpressions.Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static async Task ChatAsync(int port, string key, string model, string usage)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/v1/chat/completions")))
        {
            Content = JsonContent.Create(new JsonObject { ["model"] = model, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "count me" }) }),
        };
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.Add("x-mock-usage", usage);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
