using FlowGate.Config.Reload;

namespace FlowGate.Config.Tests.Reload;

/// <summary>
/// An empty or route-less file (a half-written save) is an error at start-up and a rejected reload: it would otherwise
/// turn every request into a 404 until someone noticed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmptyConfigTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("providers.toml", "")]
    [InlineData("providers.toml", "[global]\nhost = \"127.0.0.1\"\n")]
    [InlineData("flowgate.yaml", "")]
    [InlineData("flowgate.yaml", "litellm_settings:\n  num_retries: 2\n")]
    public void AFileWithoutRoutes_FailsToLoad_SayingSo(string name, string text)
    {
        _dir.Write(name, text);

        var result = _dir.Load(name);

        Assert.Null(result.Config);
        Assert.Contains(result.Diagnostics, d => d.Severity == ConfigSeverity.Error && d.ToString().Contains("no routes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReloadToAnEmptyFile_IsRejected_AndTheLastGoodConfigStays()
    {
        var path = _dir.Write("providers.toml", Good);
        using var provider = new FlowGateConfigProvider(path, _dir.Options);
        Assert.Equal("m", provider.Current.Routing.Routes[0].Name);

        _dir.Write("providers.toml", string.Empty);
        await ReloadTestSupport.WaitUntil(() => provider.LastDiagnostics.Any(d => d.Severity == ConfigSeverity.Error), "the empty file to be rejected");

        Assert.Equal("m", provider.Current.Routing.Routes[0].Name);
    }

    private const string Good = """
        [upstreams.direct]
        protocol = "openai"
        base_url = "https://api.example/v1"

        [routing.m]
        targets = [{ upstream = "direct", model = "gpt-5.2" }]
        """;
}
