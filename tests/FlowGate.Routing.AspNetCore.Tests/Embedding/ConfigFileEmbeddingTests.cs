using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>An app embeds FlowGate from a configuration file and keeps its own endpoints.</summary>
public sealed class ConfigFileEmbeddingTests
{
    [Fact]
    public async Task UseConfigFile_KeepsTheAppsEndpoints_Routes_AppliesAnEdit_AndKeepsTheLastGoodOnABadOne()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var upstream = mock.BaseUrl.ToString().TrimEnd('/') + "/v1";
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text(upstream, ["r1"]),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")));

        // The app's own endpoints answer unchanged beside FlowGate's.
        Assert.Equal(EmbeddedHost.OwnRoot, await host.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal(EmbeddedHost.OwnHealth, await host.Client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal(EmbeddedHost.OwnMetrics, await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        // FlowGate routes.
        using (var chat = await host.Client.SendAsync(Requests.Chat("r1")))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
            Assert.Contains("mock: hello", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An edit of the file applies.
        await File.WriteAllTextAsync(host.ConfigPath("providers.toml"), ProvidersFile.Text(upstream, ["r1", "r2"]));
        await host.PollAsync(() => Requests.Chat("r2"), (status, _) => status == HttpStatusCode.OK, "the reload adding r2");

        // A bad edit is rejected, logged with its position, and the last good configuration keeps serving.
        await File.WriteAllTextAsync(host.ConfigPath("providers.toml"), ProvidersFile.Text(upstream, ["r1", "r2"]) + "\"r3\" = [{ instance = \"nope\", model = \"m\" }]\n");
        await WaitForLogAsync(host, "reload rejected");
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("providers.toml:", StringComparison.Ordinal) && e.Message.Contains("unknown instance 'nope'", StringComparison.Ordinal));
        using var still = await host.Client.SendAsync(Requests.Chat("r2"));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        using var absent = await host.Client.SendAsync(Requests.Chat("r3"));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task AddFlowGate_FromAConfigurationSection_TakesTheFileAndAMonitoredLimit()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var upstream = mock.BaseUrl.ToString().TrimEnd('/') + "/v1";
        var settings = new Dictionary<string, string?> { ["FlowGate:ConfigFile"] = "providers.toml", ["FlowGate:MaxRequestBodyBytes"] = "4096" };
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text(upstream, ["r1"]),
            b =>
            {
                b.Configuration.AddInMemoryCollection(settings);
                b.Services.AddFlowGate(b.Configuration.GetSection("FlowGate"));
            });

        using (var small = await host.Client.SendAsync(Requests.Chat("r1")))
        {
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        }

        using var large = await host.Client.SendAsync(Requests.Chat("r1", new string('x', 8192)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);

        // The limit follows the configuration (IOptionsMonitor): raised, the same request goes through.
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["FlowGate:MaxRequestBodyBytes"] = "1048576";
        configuration.Reload();
        using var after = await host.Client.SendAsync(Requests.Chat("r1", new string('x', 8192)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AddFlowGate_FromAConfigurationSection_TakesAMonitoredBodyBudget()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var upstream = mock.BaseUrl.ToString().TrimEnd('/') + "/v1";
        var settings = new Dictionary<string, string?> { ["FlowGate:ConfigFile"] = "providers.toml", ["FlowGate:MaxBufferedBodyBytes"] = "1024" };
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text(upstream, ["r1"]),
            b =>
            {
                b.Configuration.AddInMemoryCollection(settings);
                b.Services.AddFlowGate(b.Configuration.GetSection("FlowGate"));
            });

        // A 64 KiB body cannot be held within a 1 KiB budget: 503 with Retry-After, in the client's protocol.
        using (var refused = await host.Client.SendAsync(Requests.Messages("r1", new string('x', 64 * 1024))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("\"type\":\"error\"", body, StringComparison.Ordinal);
            Assert.Contains("budget", body, StringComparison.Ordinal);
        }

        // The budget follows the configuration (IOptionsMonitor): raised, the same request goes through.
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["FlowGate:MaxBufferedBodyBytes"] = (64L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration.Reload();
        using var after = await host.Client.SendAsync(Requests.Messages("r1", new string('x', 64 * 1024)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AddFlowGate_WithoutAnyConfiguration_FailsTheStartWithWhatToCall()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var host = await EmbeddedHost.StartAsync("unused.txt", string.Empty, b => b.Services.AddFlowGate());
        });

        Assert.Contains("UseConfigFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboundProxy_FromTheFile_CarriesEveryUpstreamCall()
    {
        // The upstream's address refuses connections; the "proxy" is the mock, which serves the absolute-form request
        // by its path. An answer proves the call went through the proxy.
        await using var proxy = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text("http://127.0.0.1:1/v1", ["r1"], proxy: proxy.BaseUrl.ToString().TrimEnd('/')),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")));

        using var chat = await host.Client.SendAsync(Requests.Chat("r1"));

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains("mock: hello", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboundProxy_WithCredentials_CarriesEveryCall_AuthenticatesToTheProxy_AndNeverLogsThePassword()
    {
        // The upstream's address refuses connections; the proxy relays whatever it is asked for to the mock. Every
        // answer proves a call went through the proxy, which counts them and demands its credentials.
        const string Password = "proxy-pw-7f3a9c";
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var proxy = ForwardProxy.Start(new IPEndPoint(IPAddress.Loopback, mock.BaseUrl.Port), "flowgate:" + Password);
        var proxyUrl = $"http://flowgate:{Password}@127.0.0.1:{proxy.Address.Port}";
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text("http://127.0.0.1:1/v1", ["r1"], proxy: proxyUrl),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")));

        for (var i = 0; i < 3; i++)
        {
            using var chat = await host.Client.SendAsync(Requests.Chat("r1"));
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
            Assert.Contains("mock: hello", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.InRange(proxy.Forwarded, 1, 3);
        Assert.True(proxy.Challenged >= 1, "the proxy's 407 was never met");
        Assert.All(proxy.RequestLines, line => Assert.Contains("127.0.0.1:1/", line, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutboundProxy_WithWrongCredentials_FailsInTheClientsProtocol_WithoutThePassword()
    {
        const string Password = "wrong-pw-51be02";
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var proxy = ForwardProxy.Start(new IPEndPoint(IPAddress.Loopback, mock.BaseUrl.Port), "flowgate:right-pw");
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text("http://127.0.0.1:1/v1", ["r1"], proxy: $"http://flowgate:{Password}@127.0.0.1:{proxy.Address.Port}"),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")));

        using var chat = await host.Client.SendAsync(Requests.Messages("r1"));
        var body = await chat.Content.ReadAsStringAsync();

        Assert.True((int)chat.StatusCode >= 400, body);
        Assert.Contains("\"type\":\"error\"", body, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Forwarded);
        Assert.True(proxy.Challenged >= 1);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigureUpstreamHandler_RunsOnEveryUpstreamHandler()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var seen = 0;
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text(mock.BaseUrl.ToString().TrimEnd('/') + "/v1", ["r1"]),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml").ConfigureUpstreamHandler(h =>
            {
                Interlocked.Increment(ref seen);
                h.MaxConnectionsPerServer = 8;
            })));

        using var chat = await host.Client.SendAsync(Requests.Chat("r1"));

        Assert.True(chat.StatusCode == HttpStatusCode.OK, await chat.Content.ReadAsStringAsync() + string.Join("\n", host.Logs.Entries.Select(e => e.Message)));
        Assert.Equal(1, Volatile.Read(ref seen));
    }

    private static async Task WaitForLogAsync(EmbeddedHost host, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!host.Logs.Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no log line with '{text}' within 15 s");
            await Task.Delay(100);
        }
    }
}
