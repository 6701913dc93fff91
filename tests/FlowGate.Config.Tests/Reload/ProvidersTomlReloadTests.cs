using FlowGate.Config.Reload;

namespace FlowGate.Config.Tests.Reload;

/// <summary>The real loader behind the provider: a providers.toml, its .env and a secret file edited on disk.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProvidersTomlReloadTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EditsToTheTomlDotEnvAndSecretFile_Reload_AndABadEditKeepsTheLastGoodConfig()
    {
        var path = _dir.Write("providers.toml", Config("gpt5"));
        _dir.Write(".env", "RELAY_KEY=one\n");
        _dir.Write("secrets/gw", "gateway-one\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var provider = new FlowGateConfigProvider(path, _dir.Options);
        Assert.Equal("gpt5", provider.Current.Routing.Routes[0].Name);

        var token = provider.GetChangeToken();
        _dir.Write("providers.toml", Config("gpt6"));
        await ReloadTestSupport.WaitUntil(() => token.HasChanged, "the change token to fire");
        Assert.Equal("gpt6", provider.Current.Routing.Routes[0].Name);

        _dir.Write("providers.toml", Config("gpt7") + "\n[routing.bad]\ntargets = [{ instance = \"nope\", model = \"x\" }]\n");
        await ReloadTestSupport.WaitUntil(() => provider.LastDiagnostics.Any(d => d.Severity == ConfigSeverity.Error), "the bad edit to be rejected");
        Assert.Equal("gpt6", provider.Current.Routing.Routes[0].Name);
        Assert.Contains(provider.LastDiagnostics, d => d.ToString().Contains("unknown instance 'nope'", StringComparison.Ordinal));

        _dir.Write("providers.toml", Config("gpt6"));
        _dir.Write(".env", "RELAY_KEY=two\n");
        await ReloadTestSupport.WaitUntil(() => provider.Current.Instances[0].Providers[0].ApiKeys[0].Reveal() == "two", "the .env change to apply");

        _dir.Write("secrets/gw", "gateway-two\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await ReloadTestSupport.WaitUntil(() => provider.Current.Routing.Upstreams[1].ApiKey?.Reveal() == "gateway-two", "the secret file change to apply");
    }

    private static string Config(string route) => $$"""
        [instances.relay]
        port = 8147
        providers = [{ type = "openai", base_url = "https://relay.example/v1", api_keys = ["${RELAY_KEY}"] }]

        [upstreams.direct]
        protocol = "openai"
        base_url = "https://api.example/v1"
        api_key_file = "secrets/gw"

        [routing]
        "{{route}}" = [{ instance = "relay", provider = "openai", model = "gpt-5.2" }]
        """;
}
