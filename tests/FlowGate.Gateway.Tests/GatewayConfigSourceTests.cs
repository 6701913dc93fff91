using FlowGate.Config;
using FlowGate.Gateway.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FlowGate.Gateway.Tests;

/// <summary>The gateway serves its file through the package's <see cref="FlowGate.Routing.AspNetCore.ConfigFileSource"/>.</summary>
public sealed class GatewayConfigSourceTests
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void Map_TakesRoutingKeysAndLimits()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", """
            [gateway]
            port = 4100
            api_keys = ["${FG_TEST_KEY}"]
            max_request_body_mb = 2
            request_timeout = 90
            first_byte_timeout = 20
            stream_idle_timeout = 45
            allowed_fails = 3

            [instances.a]
            port = 9001
            providers = [{ type = "openai", base_url = "http://127.0.0.1:9001/v1" }]

            [routing]
            "r1" = [{ instance = "a", provider = "openai", model = "m" }]
            """);
        var environment = new FlowGate.Config.Secrets.ConfigEnvironment(name => name == "FG_TEST_KEY" ? "sk-k" : null);
        var loaded = ConfigLoader.LoadOrThrow(file, new ConfigLoadOptions { Environment = environment });

        using var source = FlowGate.Routing.AspNetCore.ConfigFileSource.Open(file, new ConfigLoadOptions { Environment = environment });
        var mapped = source.Current;

        Assert.Equal(loaded.Routing, mapped.Routing);
        Assert.Single(mapped.ApiKeys);
        Assert.Equal(2L * 1024 * 1024, mapped.Limits.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(90), mapped.Limits.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), mapped.Limits.FirstByteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), mapped.Limits.StreamIdleTimeout);
        Assert.Equal(3, mapped.Routing.Failures.AllowedFails);
    }

    [Fact]
    public async Task Open_ReloadsOnChange_OneObjectPerSnapshot_AndLogsRejectedDiagnostics()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", ConfigModeTests.ProvidersToml(4100, 9001, "r1"));
        using var source = FlowGate.Routing.AspNetCore.ConfigFileSource.Open(file);
        var logs = new CapturingLoggerFactory();
        source.AttachLogging(logs);

        var first = source.Current;
        Assert.Same(first, source.Current);
        Assert.Equal("http://127.0.0.1:4100", ListenAddress.Of(source.Config));
        var token = source.GetChangeToken();

        File.WriteAllText(file, ConfigModeTests.ProvidersToml(4100, 9001, "r1", "r2"));
        await Poll.UntilAsync(() => Task.FromResult(token.HasChanged), changed => changed, ReloadTimeout, "the change token");
        var second = source.Current;
        Assert.Equal(["r1", "r2"], second.Routing.Routes.Select(r => r.Name));
        Assert.Same(second, source.Current);
        await Poll.UntilAsync(() => Task.FromResult(Messages(logs)), m => m.Any(l => l.Contains("(r1, r2)", StringComparison.Ordinal)), ReloadTimeout, "the applied log");

        File.WriteAllText(file, ConfigModeTests.ProvidersToml(4100, 9001, "r1", "r2") + "\"r3\" = [{ instance = \"nope\", model = \"m\" }]\n\"r4\" = [{ instance = \"gone\", model = \"m\" }]\n");
        var messages = await Poll.UntilAsync(() => Task.FromResult(Messages(logs)), m => m.Any(l => l.Contains("reload rejected", StringComparison.Ordinal)), ReloadTimeout, "the rejected log");

        Assert.Contains(messages, m => m.Contains("providers.toml:", StringComparison.Ordinal) && m.Contains("unknown instance 'nope'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("providers.toml:", StringComparison.Ordinal) && m.Contains("unknown instance 'gone'", StringComparison.Ordinal));
        Assert.Same(second, source.Current);
        Assert.Equal(1, logs.Entries.Count(e => e.Message.Contains("unknown instance 'nope'", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("[global]\nmain_port = 18145\n", "http://127.0.0.1:18145")]
    [InlineData("[global]\nhost = \"0.0.0.0\"\n", "http://127.0.0.1:8145")]
    [InlineData("[global]\nmain_port = 18145\n\n[gateway]\nport = 18999\n", "http://127.0.0.1:18999")]
    [InlineData("[gateway]\nhost = \"::1\"\nport = 18999\n", "http://[::1]:18999")]
    public void ListenUrl_FollowsProvidersToml(string head, string expected)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", head + "\n[instances.a]\nport = 9001\nproviders = [{ type = \"openai\" }]\n\n[routing]\n\"r1\" = [{ instance = \"a\", provider = \"openai\", model = \"m\" }]\n");
        using var source = FlowGate.Routing.AspNetCore.ConfigFileSource.Open(file);

        Assert.Equal(expected, ListenAddress.Of(source.Config));
    }

    [Fact]
    public void ListenUrl_FlowGateYamlDefaultsTo4000()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("flowgate.yaml", "litellm_base:\n  model_list:\n    - model_name: r1\n      litellm_params:\n        model: openai/m\n        api_base: http://127.0.0.1:1/v1\n");
        using var source = FlowGate.Routing.AspNetCore.ConfigFileSource.Open(file);

        Assert.Equal("http://127.0.0.1:4000", ListenAddress.Of(source.Config));
    }

    [Fact]
    public void Open_BadFile_ThrowsWithEveryDiagnostic()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", "[global]\nmain_prot = 1\nlb_bogus = 2\n");

        var e = Assert.Throws<ConfigLoadException>(() => FlowGate.Routing.AspNetCore.ConfigFileSource.Open(file));

        Assert.Equal(2, e.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error));
    }

    private static List<string> Messages(CapturingLoggerFactory logs) => [.. logs.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message)];
}
