using FlowGate.Gateway.Tests.Support;
using FlowGate.MockUpstream;

namespace FlowGate.Gateway.Tests;

/// <summary>The gateway with <c>--config</c>, as its own process: first-load errors, the config's address, reloads.</summary>
public sealed class ConfigModeTests
{
    [Fact]
    public async Task BadProvidersToml_ExitsOne_WithEveryDiagnosticAndNoStackTrace()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", """
            [global]
            main_prot = 8145

            [routing]
            "a" = [{ instance = "nope", model = "m" }]
            """);

        await using var gateway = GatewayProcess.Start("--config", file);
        var exit = await gateway.WaitForExitAsync();

        Assert.Equal(1, exit);
        var stderr = gateway.StandardError;
        Assert.Contains("has 2 error(s):", stderr, StringComparison.Ordinal);
        Assert.Matches(@"providers\.toml:2:1: global\.main_prot: unknown key \(did you mean 'main_port'\?\)", stderr);
        Assert.Matches(@"providers\.toml:5:\d+: routing\.a\[0\]\.instance: unknown instance 'nope'", stderr);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitsOne()
    {
        using var dir = new TempDirectory();
        await using var gateway = GatewayProcess.Start("--config", Path.Combine(dir.Path, "absent.yaml"));

        Assert.Equal(1, await gateway.WaitForExitAsync());
        Assert.Contains("absent.yaml:1:1: no such file.", gateway.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigWithoutValue_IsAUsageError()
    {
        await using var gateway = GatewayProcess.Start("--config");

        Assert.Equal(2, await gateway.WaitForExitAsync());
        Assert.Contains("Usage:", gateway.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodProvidersToml_ListensOnGatewayPort_AndReloadsOnChange()
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var file = dir.Write("providers.toml", ProvidersToml(port, mock.Port, "r1"));

        await using var gateway = GatewayProcess.Start("--config", file);
        var address = await gateway.WaitForListeningAsync();
        Assert.Equal(port, address.Port);
        Assert.Equal("127.0.0.1", address.Host);
        await gateway.WaitForOutputAsync(": 1 route (r1))");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await AssertModelsAsync(http, ["r1"], []);

        // A route added: the file watcher reloads; the adapter swaps its runtime.
        File.WriteAllText(file, ProvidersToml(port, mock.Port, "r1", "r2"));
        await gateway.WaitForOutputAsync(": 2 routes (r1, r2); 1 upstream");
        Assert.DoesNotContain("Configuration reloaded: 2 routes", gateway.StandardOutput, StringComparison.Ordinal);
        await AssertModelsAsync(http, ["r1", "r2"], []);

        // A bad edit: every diagnostic is logged, the last good configuration keeps serving.
        File.WriteAllText(file, ProvidersToml(port, mock.Port, "r1", "r2") + "\n\"r3\" = [{ instance = \"nope\", model = \"m\" }]\n");
        await gateway.WaitForOutputAsync("unknown instance 'nope'");
        await gateway.WaitForOutputAsync("still serving the last good configuration (2 routes)");
        Assert.False(gateway.HasExited);
        await AssertModelsAsync(http, ["r1", "r2"], ["r3"]);
    }

    [Fact]
    public async Task BusyPort_ExitsOne_WithOneClearLineAndNoStackTrace()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        await using var gateway = GatewayProcess.Start("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, await gateway.WaitForExitAsync());
        var output = gateway.StandardOutput + "\n" + gateway.StandardError;
        Assert.Contains($"FlowGate: cannot listen on http://127.0.0.1:{port}:", gateway.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.Single(gateway.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Urls_OverridesTheConfigsAddress()
    {
        using var dir = new TempDirectory();
        var configPort = GatewayProcess.FreePort();
        var urlsPort = GatewayProcess.FreePort();
        var file = dir.Write("providers.toml", ProvidersToml(configPort, 1, "r1"));

        await using var gateway = GatewayProcess.Start("--config", file, "--urls", $"http://127.0.0.1:{urlsPort}");
        var address = await gateway.WaitForListeningAsync();

        Assert.Equal(urlsPort, address.Port);
    }

    [Fact]
    public async Task FlowGateYaml_DefaultsTo4000_ServicesGatewayMovesIt()
    {
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var file = dir.Write("flowgate.yaml", $$"""
            litellm_base:
              model_list:
                - model_name: router-default
                  litellm_params:
                    model: openai/mock-large
                    api_base: http://127.0.0.1:1/v1
            services:
              gateway:
                host: 127.0.0.1
                port: {{port}}
            """);

        await using var gateway = GatewayProcess.Start("--config", file);
        var address = await gateway.WaitForListeningAsync();

        Assert.Equal(port, address.Port);
        await gateway.WaitForOutputAsync(": 1 route (router-default))");
    }

    internal static string ProvidersToml(int gatewayPort, int instancePort, params string[] routes)
    {
        var text = $$"""
            [global]
            main_port = 1

            [gateway]
            port = {{gatewayPort}}

            [instances.mock]
            port = {{instancePort}}
            providers = [{ type = "openai", base_url = "http://127.0.0.1:{{instancePort}}/v1" }]

            [routing]

            """;
        return text + string.Concat(routes.Select(r => $"\"{r}\" = [{{ instance = \"mock\", provider = \"openai\", model = \"mock-large\" }}]\n"));
    }

    private static async Task AssertModelsAsync(HttpClient http, string[] listed, string[] absent)
    {
        var body = await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/v1/models", UriKind.Relative));
                return await response.Content.ReadAsStringAsync();
            },
            text => listed.All(m => text.Contains($"\"{m}\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "/v1/models to list " + string.Join(", ", listed));
        foreach (var model in absent)
        {
            Assert.DoesNotContain($"\"{model}\"", body, StringComparison.Ordinal);
        }
    }
}
