using FlowGate.Config.Profiles;
using FlowGate.Config.Reload;
using FlowGate.Config.Tests.FlowGateYaml;

namespace FlowGate.Config.Tests.Reload;

/// <summary><c>profile set</c> writes the state file atomically; a running provider picks the profile up without a restart.</summary>
public sealed class ProfileSetReloadTests : IDisposable
{
    private readonly ConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WritingTheStateFile_SwitchesTheActiveProfile_OfARunningProvider()
    {
        _dir.WriteSeedSecret();
        var path = _dir.Write("flowgate.yaml", YamlFixtures.Upstream);
        using var provider = new FlowGateConfigProvider(path, _dir.Options());
        Assert.Null(provider.Current.ActiveProfile);
        Assert.Equal(2, provider.Current.Routing.Retry.MaxAttempts);

        ProfileState.WriteActiveProfile(provider.Current.Paths.StateFile, "reliability", TimeProvider.System);
        await ReloadTestSupport.WaitUntil(() => provider.Current.ActiveProfile == "reliability", "the profile to apply");
        Assert.Equal(4, provider.Current.Routing.Retry.MaxAttempts);
        Assert.Equal(["router-cheap"], provider.Current.Routing.Routes[0].Fallbacks);

        ProfileState.WriteActiveProfile(provider.Current.Paths.StateFile, "cost", TimeProvider.System);
        await ReloadTestSupport.WaitUntil(() => provider.Current.ActiveProfile == "cost", "the second profile to apply");
        Assert.Equal(["router-default"], provider.Current.Routing.Routes[1].Fallbacks);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(provider.Current.Paths.StateFile)!, "*.tmp"));
    }

    [Fact]
    public void WriteActiveProfile_WritesTheSeedsShape()
    {
        var stateFile = Path.Combine(_dir.Root, "state", "state.json");

        ProfileState.WriteActiveProfile(stateFile, "balanced", TimeProvider.System);

        Assert.Equal("balanced", ProfileState.ReadActiveProfile(stateFile));
        Assert.Contains("\"updated_at\"", File.ReadAllText(stateFile), StringComparison.Ordinal);
    }
}
