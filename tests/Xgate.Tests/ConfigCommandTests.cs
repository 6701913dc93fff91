using System.Text.RegularExpressions;

namespace FlowGate.Xgate.Tests;

public sealed class ConfigCommandTests
{
    [Fact]
    public void Validate_TheExampleFlowgateYaml_IsOk()
    {
        using var h = new XgateHarness();
        var path = h.UseExampleYaml();
        var result = h.Run("--config", "config/flowgate.yaml", "config", "validate");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{path}: ok.\n", result.Out);
    }

    [Fact]
    public void TheExampleFlowgateYaml_NamesOnlyLoopbackAddresses()
    {
        // The docs run xgate on this file as shipped (health has the gateway probe every upstream; auth calls the
        // management API): an address off this machine would be looked up and reached by those commands.
        var text = File.ReadAllText(Path.Combine(XgateHarness.RepoRoot, "config", "flowgate.yaml"));
        var urls = Regex.Matches(text, @"https?://[^\s""'},]+").Select(m => new Uri(m.Value.TrimEnd('.', ')', ';'))).ToList();
        var hosts = Regex.Matches(text, @"^\s*host:\s*(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(urls, u => u.AbsolutePath == "/v1"); // the upstreams' api_base
        Assert.NotEmpty(hosts);
        Assert.All(urls, u => Assert.Equal("127.0.0.1", u.Host));
        Assert.All(hosts, host => Assert.Equal("127.0.0.1", host));
    }

    [Fact]
    public void Validate_TheExampleProvidersToml_IsOk()
    {
        using var h = new XgateHarness();
        var path = h.UseExampleToml();
        var result = h.Run("--config", "providers.toml", "config", "validate");
        Assert.Equal(0, result.ExitCode);

        // Its routes are opus4.5, gemini-pro and gpt5, and it names no integration model: xgate's client settings
        // would fall back to the first route, which validate says, as a warning.
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("warning: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("no route 'router-default'; using 'opus4.5'", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{path}: ok, 1 warning.", lines[1]);
    }

    [Fact]
    public void Validate_TheRepositoryFilesInPlace()
    {
        // The files a clone carries, validated where they are (providers.toml.example is read as TOML).
        using var h = new XgateHarness();
        h.Env["RELAY_KEY"] = "sk-relay-test";
        var result = h.Run("--config", Path.Combine(XgateHarness.RepoRoot, "providers.toml.example"), "config", "validate");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Validate_Warnings_ArePrinted_ExitZero()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        File.SetUnixFileMode(Path.Combine(h.Root, ".router/secrets/upstream_cliproxyapi_api_key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var result = h.Run("config", "validate");
        Assert.Equal(0, result.ExitCode);
        var lines = h.Clean(result.Out).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^<ROOT>/config/flowgate\.yaml:\d+:\d+: warning: .*chmod 600", lines[0]);
        Assert.Equal("<ROOT>/config/flowgate.yaml: ok, 1 warning.", lines[1]);
    }

    [Fact]
    public void Validate_AllErrorsAtOnce_FileLineCol_ExitOne()
    {
        using var h = new XgateHarness();
        h.Write("providers.toml", """
            [global]
            main_prot = 8145

            [instances.relay]
            port = 8147
            providers = [{ type = "openai", base_url = "https://relay/v1", api_keys = ["${RELAY_KEY}"] }]

            [routing]
            "m" = [{ instance = "rely", provider = "openai", model = "x" }]
            """);
        var result = h.Run("--config", "providers.toml", "config", "validate");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            """
            <ROOT>/providers.toml:2:1: global.main_prot: unknown key (did you mean 'main_port'?).
            <ROOT>/providers.toml:6:76: instances.relay.providers[0].api_keys[0]: environment variable 'RELAY_KEY' is not set or empty.
            <ROOT>/providers.toml:9:21: routing.m[0].instance: unknown instance 'rely' (did you mean 'relay'?).
            <ROOT>/providers.toml: 3 errors, 0 warnings.

            """,
            h.Clean(result.Out));
    }

    [Fact]
    public void Validate_WithAProfile()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("config", "validate", "--profile", "cost").ExitCode);
        var result = h.Run("config", "validate", "--profile", "cots");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown profile 'cots'", result.Out, StringComparison.Ordinal);
    }
}
