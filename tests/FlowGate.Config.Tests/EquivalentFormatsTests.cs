namespace FlowGate.Config.Tests;

/// <summary>One fixture per format, saying the same thing: the loaders must produce equal configs, property by property.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EquivalentFormatsTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public EquivalentFormatsTests()
    {
        _dir.Variables["UPSTREAM_OPENAI_API_KEY"] = "sk-openai";
        _dir.Variables["ANTHROPIC_KEY"] = "sk-ant";
        _dir.Variables["FLOWGATE_KEY"] = "fg-key";
        _dir.Write("secrets/cliproxy_key", "sk-cliproxy\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        _dir.CopyFixture("equivalent-flowgate.yaml", "flowgate.yaml");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TomlAndYaml_GiveEqualConfigs_InEveryProperty()
    {
        var toml = Loaded("providers.toml");
        var yaml = Loaded("flowgate.yaml");

        Assert.Empty(ConfigGraph.Differences(toml.Routing, yaml.Routing, "Routing"));
        Assert.Empty(ConfigGraph.Differences(toml.Gateway, yaml.Gateway with { Port = toml.Gateway.Port }, "Gateway"));
        Assert.Empty(ConfigGraph.Differences(toml.Resilience, yaml.Resilience, "Resilience"));
        Assert.Empty(ConfigGraph.Differences(toml.Integration, yaml.Integration, "Integration"));
        Assert.Equal(toml.Routing, yaml.Routing);
    }

    [Fact]
    public void TheFixtures_SetEveryRoutingProperty_SoADroppedKeyWouldShow()
    {
        var toml = Loaded("providers.toml");

        // flowgate.yaml has no way to give an upstream its own headers (LiteLLM's extra_headers are per deployment,
        // read as target params); SeedProvidersTomlTests and FlowGateTablesTests cover the TOML key.
        Assert.Equal([".Upstreams[].Headers"], ConfigGraph.NeverSet(toml.Routing));
    }

    [Fact]
    public void ADroppedKey_IsReportedByThePropertyComparison()
    {
        var toml = Loaded("providers.toml");
        var dropped = toml.Routing with { Routes = [toml.Routing.Routes[0] with { Targets = [toml.Routing.Routes[0].Targets[0] with { Timeout = null }, toml.Routing.Routes[0].Targets[1]] }, .. toml.Routing.Routes.Skip(1)] };

        Assert.Equal(["Routing.Routes[0].Targets[0].Timeout: 00:01:00 != null"], ConfigGraph.Differences(toml.Routing, dropped, "Routing"));
    }

    private FlowGateConfig Loaded(string file)
    {
        var result = _dir.Load(file);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Config;
    }
}
