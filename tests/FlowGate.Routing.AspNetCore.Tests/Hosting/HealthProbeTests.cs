using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Tests.Support;

namespace FlowGate.Routing.AspNetCore.Tests.Hosting;

public sealed class HealthProbeTests
{
    private const string LiveKey = "sk-live-upstream-secret";
    private const string DeadKey = "sk-dead-upstream-secret";

    [Fact]
    public async Task Health_OneLiveOneDead_503WithBothListedAndNoSecrets()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var deadBase = new Uri($"http://127.0.0.1:{TestConfigs.DeadPort()}/v1");
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys(TestConfigs.Routing(upstream.Address, deadBase, LiveKey, DeadKey)));

        using var request = TestGateway.Get("/health", apiKey: TestConfigs.GatewayKey);
        using var response = await gateway.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        Assert.Equal(1, root.GetProperty("healthy_count").GetInt32());
        Assert.Equal(1, root.GetProperty("unhealthy_count").GetInt32());
        var healthy = Assert.Single(root.GetProperty("healthy_endpoints").EnumerateArray());
        Assert.Equal("live", healthy.GetProperty("upstream").GetString());
        Assert.Equal(upstream.Address.ToString().TrimEnd('/'), healthy.GetProperty("base_url").GetString());
        Assert.Equal(200, healthy.GetProperty("status").GetInt32());
        Assert.True(healthy.GetProperty("latency_ms").GetDouble() >= 0);
        var unhealthy = Assert.Single(root.GetProperty("unhealthy_endpoints").EnumerateArray());
        Assert.Equal("dead", unhealthy.GetProperty("upstream").GetString());
        Assert.Equal(deadBase.ToString(), unhealthy.GetProperty("base_url").GetString());
        Assert.Equal(JsonValueKind.Null, unhealthy.GetProperty("status").ValueKind);
        Assert.Contains("connection", unhealthy.GetProperty("error").GetString(), StringComparison.Ordinal);

        foreach (var secret in new[] { LiveKey, DeadKey, TestConfigs.GatewayKey, TestConfigs.SecondGatewayKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(gateway.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }

        // The instance was probed on /v1/models with its own key, not the client's gateway key.
        var probe = Assert.Single(upstream.Requests);
        Assert.Equal("/v1/models", probe.Path);
        Assert.Equal("Bearer " + LiveKey, probe.Authorization);
    }

    [Fact]
    public async Task Health_AllReachable_200_4xxCountsAsReachable()
    {
        await using var first = await FakeUpstream.StartAsync();
        await using var second = await FakeUpstream.StartAsync(status: 401);
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(TestConfigs.Routing(first.Address, new Uri(second.Address, "/v1"))));

        using var response = await gateway.Client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.RootElement.GetProperty("healthy_count").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("unhealthy_count").GetInt32());
        Assert.Equal("/v1/models", Assert.Single(second.Requests).Path);
    }

    [Fact]
    public async Task Health_Upstream5xx_Unhealthy()
    {
        await using var failing = await FakeUpstream.StartAsync(status: 503);
        await using var live = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(TestConfigs.Routing(live.Address, failing.Address)));

        using var response = await gateway.Client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var unhealthy = Assert.Single(body.RootElement.GetProperty("unhealthy_endpoints").EnumerateArray());
        Assert.Equal(503, unhealthy.GetProperty("status").GetInt32());
        Assert.Equal("HTTP 503", unhealthy.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Health_UpstreamHostThatDoesNotResolve_UnhealthyNamingTheLookup()
    {
        // The lookup's failure is staged by the upstream handler (no DNS query leaves the test), as the resolver
        // reports a name it does not know.
        const string Host = "no-such-upstream.invalid";
        await using var live = await FakeUpstream.StartAsync();
        var routing = TestConfigs.Routing(live.Address, new Uri($"https://{Host}/v1"));
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(routing), options: o => o.ConfigureUpstreamHandler += handler =>
        {
            var connect = handler.ConnectCallback!; // the pool's own (loopback) connect, kept for the live upstream
            handler.ConnectCallback = (context, cancellationToken) => context.DnsEndPoint.Host == Host
                ? throw new SocketException((int)SocketError.HostNotFound)
                : connect(context, cancellationToken);
        });

        using var response = await gateway.Client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var unhealthy = Assert.Single(body.RootElement.GetProperty("unhealthy_endpoints").EnumerateArray());
        Assert.Equal("dead", unhealthy.GetProperty("upstream").GetString());
        Assert.Equal(JsonValueKind.Null, unhealthy.GetProperty("status").ValueKind);
        Assert.Equal($"DNS lookup of {Host} failed: HostNotFound", unhealthy.GetProperty("error").GetString());
        Assert.Equal("live", Assert.Single(body.RootElement.GetProperty("healthy_endpoints").EnumerateArray()).GetProperty("upstream").GetString());
    }

    [Theory]
    [InlineData(UpstreamProtocol.Instance, "http://127.0.0.1:8146", "http://127.0.0.1:8146/v1/models")]
    [InlineData(UpstreamProtocol.Instance, "http://127.0.0.1:8146/", "http://127.0.0.1:8146/v1/models")]
    [InlineData(UpstreamProtocol.OpenAI, "https://api.openai.com/v1", "https://api.openai.com/v1/models")]
    [InlineData(UpstreamProtocol.OpenAIResponses, "https://relay.example/openai/v1/", "https://relay.example/openai/v1/models")]
    [InlineData(UpstreamProtocol.Anthropic, "https://api.anthropic.com", "https://api.anthropic.com/v1/models")]
    [InlineData(UpstreamProtocol.OpenAIChat, "https://open.bigmodel.cn/api/paas/v4", "https://open.bigmodel.cn/api/paas/v4/models")]
    public void ProbeUri_PerProtocolAndBase(UpstreamProtocol protocol, string baseUrl, string expected)
    {
        var upstream = new UpstreamConfig { Name = "u", Protocol = protocol, BaseUrl = new Uri(baseUrl) };

        Assert.Equal(new Uri(expected), UpstreamProber.ProbeUri(upstream));
    }
}
