using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>The status page's data over real Kestrel: live target state, usage totals, the SSE feed, the guard.</summary>
public sealed class StatusApiTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;

    public async Task InitializeAsync() => _mock = await MockUpstreamServer.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task Status_ShowsRoutesTargetsAndATargetEjectedAfterA429()
    {
        await using var gateway = await TestGateway.StartAsync(PoolConfig());
        using var request = Requests.Messages("pool", "eject the first", requestId: "status-429");
        request.Headers.Add(MockHeaders.Fault, "status:429;retry-after:120;times:1");
        using (var answer = await gateway.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        _ = await UsageWait.RequestsAsync(gateway, 1);
        using var status = JsonDocument.Parse(await gateway.Client.GetStringAsync(new Uri("/flowgate/api/status", UriKind.Relative)));

        var route = Assert.Single(status.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal("pool", route.GetProperty("name").GetString());
        Assert.Equal("first", route.GetProperty("policy").GetString());
        var targets = route.GetProperty("targets").EnumerateArray().ToArray();
        Assert.Equal(["up-a", "up-b"], targets.Select(t => t.GetProperty("upstream").GetString()));
        Assert.Equal("rate", targets[0].GetProperty("ejected_for").GetString());
        Assert.Equal(JsonValueKind.Null, targets[1].GetProperty("ejected_until").ValueKind);
        Assert.Equal(3, targets[1].GetProperty("budget").GetProperty("rpm").GetInt32());
        Assert.Equal(1, targets[1].GetProperty("budget").GetProperty("requests").GetInt64());
        var recent = Assert.Single(status.RootElement.GetProperty("recent").EnumerateArray());
        Assert.Equal(("pool", "up-b", 200, 2), (recent.GetProperty("route").GetString(), recent.GetProperty("upstream").GetString(), recent.GetProperty("status").GetInt32(), recent.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Usage_SumsTheLedger_ByTheAskedDimension()
    {
        await using var gateway = await TestGateway.StartAsync(PoolConfig());
        for (var i = 0; i < 3; i++)
        {
            using var request = Requests.Messages("pool", "count me " + i);
            request.Headers.Add(MockHeaders.Usage, "10,5,2,1,0");
            using var answer = await gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        _ = await UsageWait.RequestsAsync(gateway, 3);
        using var usage = JsonDocument.Parse(await gateway.Client.GetStringAsync(new Uri("/flowgate/api/usage?since=1d&by=upstream", UriKind.Relative)));

        var row = Assert.Single(usage.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal("up-a", row.GetProperty("name").GetString());
        Assert.Equal(3, row.GetProperty("requests").GetInt64());
        var tokens = usage.RootElement.GetProperty("total").GetProperty("tokens");
        Assert.Equal((30, 15, 6, 3, 54), (tokens.GetProperty("input").GetInt64(), tokens.GetProperty("output").GetInt64(), tokens.GetProperty("cache_read").GetInt64(), tokens.GetProperty("cache_write").GetInt64(), tokens.GetProperty("total").GetInt64()));

        using var bad = await gateway.Client.GetAsync(new Uri("/flowgate/api/usage?by=colour", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Events_StreamTheStatusAsSse()
    {
        await using var gateway = await TestGateway.StartAsync(PoolConfig());
        using var response = await gateway.Client.GetAsync(new Uri("/flowgate/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("event: status", await reader.ReadLineAsync());
        var data = (await reader.ReadLineAsync())!;
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        using var status = JsonDocument.Parse(data["data: ".Length..]);
        Assert.Equal("pool", status.RootElement.GetProperty("routes")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Status_ShowsKeyBudgets_TheLastHour_AndTimingsPerTarget()
    {
        const string AliceKey = "gw-alice-status-canary-33a0";
        var config = PoolConfig() with { NamedKeys = [new GatewayKey { Name = "alice", Key = new Secret(AliceKey, "test"), MaxDailyTokens = 1_000 }] };
        await using var gateway = await TestGateway.StartAsync(config);
        for (var i = 0; i < 2; i++)
        {
            using var request = Requests.Messages("pool", "timed " + i);
            request.Headers.Add(MockHeaders.Usage, "10,5,2,1,0");
            request.Headers.Add("x-api-key", AliceKey);
            using var answer = await gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        _ = await UsageWait.RequestsAsync(gateway, 2);
        using var statusRequest = new HttpRequestMessage(HttpMethod.Get, "/flowgate/api/status");
        statusRequest.Headers.Add("x-api-key", AliceKey);
        using var response = await gateway.Client.SendAsync(statusRequest);
        var text = await response.Content.ReadAsStringAsync();
        using var status = JsonDocument.Parse(text);
        var root = status.RootElement;

        var key = Assert.Single(root.GetProperty("keys").EnumerateArray());
        Assert.Equal(("alice", 1_000, 36, 964), (key.GetProperty("name").GetString(), key.GetProperty("max_daily_tokens").GetInt64(), key.GetProperty("used").GetInt64(), key.GetProperty("left").GetInt64()));
        Assert.DoesNotContain(AliceKey, text, StringComparison.Ordinal);

        var minutes = root.GetProperty("timeline").EnumerateArray().ToArray();
        Assert.Equal(60, minutes.Length);
        Assert.Equal((2, 0, 36), (minutes.Sum(m => m.GetProperty("requests").GetInt64()), minutes.Sum(m => m.GetProperty("errors").GetInt64()), minutes.Sum(m => m.GetProperty("tokens").GetInt64())));
        Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0);

        var timings = root.GetProperty("routes")[0].GetProperty("targets")[0].GetProperty("timings");
        Assert.Equal(2, timings.GetProperty("samples").GetInt32());
        Assert.True(timings.GetProperty("latency_p95_ms").GetDouble() >= timings.GetProperty("latency_p50_ms").GetDouble());
        Assert.True(timings.GetProperty("ttfb_p50_ms").GetDouble() >= 0);
        Assert.All(root.GetProperty("recent").EnumerateArray(), r => Assert.Equal(JsonValueKind.Number, r.GetProperty("ttfb_ms").ValueKind));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("profile").ValueKind);
        Assert.Empty(root.GetProperty("reloads").EnumerateArray());
    }

    [Fact]
    public async Task Status_ListsReloads_WithTheirDiagnostics_AndTheActiveProfile()
    {
        var dir = Directory.CreateTempSubdirectory("flowgate-status-reloads-");
        try
        {
            var file = Path.Combine(dir.FullName, "flowgate.yaml");
            var state = Path.Combine(dir.FullName, "state.json");
            await File.WriteAllTextAsync(file, ProfileYaml());
            FlowGate.Config.Profiles.ProfileState.WriteActiveProfile(state, "beta", TimeProvider.System);
            using var source = ConfigFileSource.Open(file);
            await using var gateway = await TestGateway.StartAsync(source);

            // The file watcher may reload before the explicit call does: the history is read, not the call's outcome.
            await File.WriteAllTextAsync(file, ProfileYaml().Replace("num_retries: 1}", "num_retries: 1, num_retrys: 2}", StringComparison.Ordinal));
            source.Reload();
            FlowGate.Config.Profiles.ProfileState.WriteActiveProfile(state, "alpha", TimeProvider.System);
            await File.WriteAllTextAsync(file, ProfileYaml());
            source.Reload();

            var root = await StatusWhenAsync(gateway, s => s.GetProperty("reloads").EnumerateArray().LastOrDefault() is { ValueKind: JsonValueKind.Object } last
                && last.GetProperty("outcome").GetString() == "applied" && last.GetProperty("profile").GetString() == "alpha");
            Assert.Equal("alpha", root.GetProperty("profile").GetString());
            var rejected = Assert.Single(root.GetProperty("reloads").EnumerateArray(), r => r.GetProperty("outcome").GetString() == "rejected");
            var diagnostic = Assert.Single(rejected.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
            Assert.Contains("num_retrys: unknown key (did you mean 'num_retries'?)", diagnostic.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Page_IsServed_SelfContained()
    {
        await using var gateway = await TestGateway.StartAsync(PoolConfig());
        using var response = await gateway.Client.GetAsync(new Uri("/flowgate/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("api/events", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/flowgate/api/status")]
    [InlineData("/flowgate/api/usage")]
    [InlineData("/flowgate/api/events")]
    public async Task WithGatewayKeys_TheDataNeedsAKey_AndNeverShowsASecret(string path)
    {
        const string GatewayKey = "gw-key-status-canary-51c2";
        await using var gateway = await TestGateway.StartAsync(PoolConfig() with { ApiKeys = [new Secret(GatewayKey, "test")] });

        using var refused = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayKey);
        using var allowed = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var reader = new StreamReader(await allowed.Content.ReadAsStreamAsync());
        var text = path.EndsWith("events", StringComparison.Ordinal) ? (await reader.ReadLineAsync()) + (await reader.ReadLineAsync()) : await reader.ReadToEndAsync();
        Assert.DoesNotContain(GatewayKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(UpstreamKey, text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> StatusWhenAsync(TestGateway gateway, Func<JsonElement, bool> done)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var status = JsonDocument.Parse(await gateway.Client.GetStringAsync(new Uri("/flowgate/api/status", UriKind.Relative)));
            if (done(status.RootElement) || patience.IsCancellationRequested)
            {
                return status.RootElement.Clone();
            }

            await Task.Delay(50);
        }
    }

    private string ProfileYaml() => $$$"""
        paths: {state_file: state.json}
        litellm_base:
          model_list:
            - model_name: pool
              litellm_params: {model: anthropic/model-a, api_base: "{{{_mock.BaseUrl}}}", api_key: sk-test}
          litellm_settings: {num_retries: 1}
        profiles:
          alpha: {litellm_settings: {num_retries: 2}}
          beta: {litellm_settings: {num_retries: 3}}
        """;

    private GatewayConfig PoolConfig() => Gateway(
        [Anthropic("up-a", _mock), Anthropic("up-b", _mock)],
        Route("pool", Target("up-a", "model-a"), Target("up-b", "model-b") with { RequestsPerMinute = 3 }) with { Policy = SelectionPolicy.First });
}
