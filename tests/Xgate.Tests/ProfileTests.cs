using System.Text.Json.Nodes;
using FlowGate.Config;
using FlowGate.Config.Reload;
using FlowGate.Config.Secrets;

namespace FlowGate.Xgate.Tests;

public sealed class ProfileTests
{
    private static string StateFile(XgateHarness h) => Path.Combine(h.Root, ".router", "runtime", "state.json");

    [Fact]
    public void Set_WritesTheStateFileAtomically()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();

        var result = h.Run("--config", "config/flowgate.yaml", "profile", "set", "balanced");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            $"""
            Active profile: balanced
            State file: {StateFile(h)}
            A running gateway picks the change up from the state file without a restart.

            """,
            result.Out);
        var state = JsonNode.Parse(File.ReadAllText(StateFile(h)))!;
        Assert.Equal("balanced", (string?)state["current_profile"]);
        Assert.Equal("2026-02-27T10:15:00.0000000+00:00", (string?)state["updated_at"]);

        // Temporary file, then rename: nothing else is left in the directory.
        Assert.Equal(["state.json"], Directory.GetFiles(Path.GetDirectoryName(StateFile(h))!).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void Set_UnknownProfile_SaysDidYouMean_AndWritesNothing()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var result = h.Run("profile", "set", "balance");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Unknown profile 'balance' (did you mean 'balanced'?). Profiles: reliability, balanced, cost.\n", result.Err);
        Assert.False(File.Exists(StateFile(h)));
    }

    [Fact]
    public void Set_ProfileThatDoesNotValidate_PrintsErrors_AndKeepsTheOldState()
    {
        using var h = new XgateHarness();
        var config = h.UseExampleYaml();
        var text = File.ReadAllText(config);
        File.WriteAllText(config, text.Replace("\n\nintegration:", "\n  broken:\n    litellm_settings: {fallbacks: [{router-default: [router-nowhere]}]}\n\nintegration:", StringComparison.Ordinal));
        Assert.Equal(0, h.Run("profile", "set", "cost").ExitCode);

        var result = h.Run("profile", "set", "broken");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("router-nowhere", result.Err, StringComparison.Ordinal);
        Assert.Contains("config/flowgate.yaml:", result.Err, StringComparison.Ordinal);
        Assert.Contains("Profile 'broken' does not validate; the state file is unchanged.", result.Err, StringComparison.Ordinal);
        Assert.Equal("cost", (string?)JsonNode.Parse(File.ReadAllText(StateFile(h)))!["current_profile"]);
    }

    [Fact]
    public void Set_OnProvidersToml_HasNoProfiles()
    {
        using var h = new XgateHarness();
        h.UseExampleToml();
        var result = h.Run("--config", "providers.toml", "profile", "set", "balanced");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("defines no profiles", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void List_MarksTheActiveProfile()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("profile", "set", "balanced").ExitCode);
        var result = h.Run("profile", "list");
        Assert.Equal(0, result.ExitCode);
        XgateHarness.AssertGolden("profile-list.txt", result.Out);
    }

    [Fact]
    public void Show_PrintsTheEffectiveSettings()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("profile", "set", "reliability").ExitCode);
        var result = h.Run("profile", "show");
        Assert.Equal(0, result.ExitCode);
        XgateHarness.AssertGolden("profile-show.txt", h.Clean(result.Out));

        var cost = h.Run("profile", "show", "cost").Out;
        Assert.Contains("Profile: cost\n", cost, StringComparison.Ordinal);
        Assert.Matches(@"│ router-cheap   │ weighted │ 127\.0\.0\.1:8000/gpt-4o-mini 1 +│ router-default │", cost);
        Assert.Equal(1, h.Run("profile", "show", "nope").ExitCode);
    }

    [Fact]
    public async Task Set_IsSeenByAConfigProviderWatchingTheFiles()
    {
        using var h = new XgateHarness();
        var config = h.UseExampleYaml();
        Assert.Equal(0, h.Run("profile", "set", "balanced").ExitCode);
        var options = new ConfigLoadOptions { Environment = new ConfigEnvironment(name => h.Env.GetValueOrDefault(name)) };
        using var provider = new FlowGateConfigProvider(config, options);
        Assert.Equal("balanced", provider.Current.ActiveProfile);
        Assert.Equal(3, provider.Current.Routing.Retry.MaxAttempts);

        Assert.Equal(0, h.Run("profile", "set", "reliability").ExitCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (provider.Current.ActiveProfile != "reliability" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal("reliability", provider.Current.ActiveProfile);
        Assert.Equal(4, provider.Current.Routing.Retry.MaxAttempts);
    }
}
