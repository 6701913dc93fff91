using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Config.Tests.Providers;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FlowGateTablesTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public FlowGateTablesTests()
    {
        _dir.Variables["UPSTREAM_OPENAI_API_KEY"] = "sk-openai";
        _dir.Variables["ANTHROPIC_KEY"] = "sk-ant";
        _dir.Variables["FLOWGATE_KEY"] = "fg-key";
        _dir.Write("secrets/cliproxy_key", "sk-cliproxy\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DirectUpstreamsAliasesUpgradesLaddersAndPolicies_Load()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var routing = result.Config.Routing;
        Assert.Equal(
            [
                new UpstreamConfig { Name = "api.openai.com", Protocol = UpstreamProtocol.OpenAI, BaseUrl = new Uri("https://api.openai.com/v1"), ApiKey = new Secret("sk-openai", "env:UPSTREAM_OPENAI_API_KEY") },
                new UpstreamConfig { Name = "127.0.0.1:8317", Protocol = UpstreamProtocol.OpenAI, BaseUrl = new Uri("http://127.0.0.1:8317/v1"), ApiKey = new Secret("sk-cliproxy", "file:secrets/cliproxy_key") },
                new UpstreamConfig { Name = "api.anthropic.com", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new Uri("https://api.anthropic.com"), ApiKey = new Secret("sk-ant", "env:ANTHROPIC_KEY") },
            ],
            routing.Upstreams);
        Assert.Equal(
            new RouteConfig
            {
                Name = "router-gpt52-openai",
                Policy = SelectionPolicy.LeastBusy,
                Targets = [new TargetConfig { Upstream = "api.openai.com", Model = "gpt-5.2", Weight = 3 }, new TargetConfig { Upstream = "127.0.0.1:8317", Model = "gpt-5.2" }],
                Fallbacks = ["router-gpt52-copilot-fallback"],
                ContextWindowFallbacks = ["router-claude"],
            },
            routing.Routes[0]);
        Assert.Equal([new AliasConfig { Name = "gpt-5", Target = "router-gpt52-openai" }, new AliasConfig { Name = "claude-*", Target = "router-claude", Hidden = true }], routing.Aliases);
        var upgrade = Assert.Single(routing.UpgradeRules);
        Assert.Equal(("router-gpt52.auto", "router-gpt52-openai", "router-claude", 2), (upgrade.Name, upgrade.Base, upgrade.To, upgrade.Conditions.Count));
        var ladder = Assert.Single(routing.Ladders);
        Assert.Equal(["router-gpt52-copilot-fallback", "router-gpt52-openai", "router-claude"], ladder.Steps.Select(s => s.Route));
        Assert.Equal(64000, ladder.Steps[2].MaxOutputTokens);
        Assert.Equal(new FeatureCondition { Feature = RequestFeature.Images, Operator = ConditionOperator.Equal, Value = "true" }, ladder.Steps[2].Conditions[1]);
        Assert.Equal(new RetryPolicy { MaxAttempts = 4, DefaultFallbacks = ["router-claude"] }, routing.Retry);
        Assert.Equal((TimeSpan.FromHours(1), 500), (routing.Sticky.Ttl, routing.Sticky.Capacity));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), (routing.Failures.TransientCooldown, routing.Failures.RateLimitCooldown));
        Assert.Equal([new Secret("fg-key", "env:FLOWGATE_KEY")], result.Config.Gateway.ApiKeys);
        Assert.Equal(TimeSpan.FromSeconds(120), result.Config.Resilience.RequestTimeout);
        Assert.Equal("router-gpt52-copilot-fallback", result.Config.Integration.EffectiveFastModel);
        Assert.Contains(Path.Combine(_dir.Root, "secrets/cliproxy_key"), result.Files);
    }

    [Fact]
    public void LooseSecretFile_IsAWarning_AndStillLoads()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        File.SetUnixFileMode(Path.Combine(_dir.Root, "secrets/cliproxy_key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded);
        Assert.Equal(
            ["ROOT/providers.toml:15:16: warning: credential 'upstreams.\"127.0.0.1:8317\".api_key_file': secret file 'secrets/cliproxy_key' is readable by group or others; run chmod 600 on it."],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void EmptySecretFile_IsAnError_NamingTheFileNotItsContent()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        _dir.Write("secrets/cliproxy_key", "  \n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(
            ["ROOT/providers.toml:15:16: credential 'upstreams.\"127.0.0.1:8317\".api_key_file': secret file 'secrets/cliproxy_key' is empty."],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void UnknownIntegrationModel_IsAnError_ResolvedLikeARequest()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        File.AppendAllText(Path.Combine(_dir.Root, "providers.toml"), "opus_model = \"router-claud\"\nhaiku_model = \"claude-haiku\"\n");

        Assert.Equal(
            ["ROOT/providers.toml:71:14: integration.opus_model: unknown model 'router-claud' (did you mean 'router-claude'?)."],
            _dir.Diagnostics("providers.toml"));
    }
}
