using FlowGate.Config.Reload;

namespace FlowGate.Config.Tests.Reload;

/// <summary>
/// A file with no routes (empty, or half-written by an editor's save) would answer every request with 404: it is an
/// error at start-up, and a reload to it keeps the last good config.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmptyConfigTests : IDisposable
{
    private const string GoodToml = """
        [instances.relay]
        port = 8147
        providers = [{ type = "openai", base_url = "https://relay.example/v1" }]

        [routing]
        "gpt5" = [{ instance = "relay", provider = "openai", model = "gpt-5.2" }]
        """;

    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("providers.toml", "")]
    [InlineData("providers.toml", "# nothing yet\n")]
    [InlineData("providers.toml", "[global]\nmain_port = 8145\n\n[instances.relay]\nport = 8147\nproviders = [{ type = \"openai\" }]\n")]
    [InlineData("flowgate.yaml", "")]
    [InlineData("flowgate.yaml", "litellm_base:\n  model_list: []\n")]
    public void NoRoutes_IsAnError_AtStartUp(string name, string text)
    {
        var result = ConfigLoader.Load(_dir.Write(name, text), _dir.Options);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Message.Contains("defines no routes", StringComparison.Ordinal));
        Assert.Equal(1, error.Position.Line);
        Assert.Throws<ConfigLoadException>(() => new FlowGateConfigProvider(Path.Combine(_dir.Root, name), _dir.Options));
    }

    [Fact]
    public async Task AReloadToAnEmptyFile_IsRejected_AndTheLastGoodConfigStays()
    {
        var path = _dir.Write("providers.toml", GoodToml);
        using var provider = new FlowGateConfigProvider(path, _dir.Options);
        var good = provider.Current;

        _dir.Write("providers.toml", string.Empty);
        await ReloadTestSupport.WaitUntil(() => provider.LastDiagnostics.Any(d => d.Severity == ConfigSeverity.Error), "the empty file to be rejected");

        Assert.Same(good, provider.Current);
        Assert.Contains(provider.LastDiagnostics, d => d.ToString().Contains("defines no routes", StringComparison.Ordinal));
    }
}
