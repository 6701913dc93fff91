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
    public void UsageLedgerPath_IsReadFromPaths_InBothFormats_AndDefaultsBesideTheStateFile()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        File.AppendAllText(Path.Combine(_dir.Root, "providers.toml"), "\n[paths]\nusage_ledger = \"data/usage.sqlite\"\n");
        _dir.CopyFixture("equivalent-flowgate.yaml", "flowgate.yaml");
        File.AppendAllText(Path.Combine(_dir.Root, "flowgate.yaml"), "\npaths:\n  state_file: state/now.json\n");

        var toml = _dir.Load("providers.toml");
        var yaml = _dir.Load("flowgate.yaml");

        Assert.True(toml.Succeeded, string.Join("\n", toml.Diagnostics));
        Assert.True(yaml.Succeeded, string.Join("\n", yaml.Diagnostics));
        Assert.Equal(Path.Combine(_dir.Root, "data", "usage.sqlite"), toml.Config.Paths.UsageLedger);
        Assert.Equal(Path.Combine(_dir.Root, "state", "usage.db"), yaml.Config.Paths.UsageLedger);
    }

    [Fact]
    public void NamedGatewayKeys_WithDailyBudgets_AndTheConcurrencyLimit_LoadTheSameInBothFormats()
    {
        _dir.Variables["ALICE_KEY"] = "gw-alice";
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        File.AppendAllText(Path.Combine(_dir.Root, "providers.toml"), """

            [gateway.keys.alice]
            key = "${ALICE_KEY}"
            max_daily_tokens = 2000000

            [gateway.keys.ci-bot]
            key = "os.environ/ANTHROPIC_KEY"
            """);
        var tomlText = File.ReadAllText(Path.Combine(_dir.Root, "providers.toml"));
        File.WriteAllText(Path.Combine(_dir.Root, "providers.toml"), tomlText.Replace("request_timeout = 120", "request_timeout = 120\nbudget_day_start = \"07:30\"\nmax_concurrent_requests = 20000", StringComparison.Ordinal));
        _dir.CopyFixture("equivalent-flowgate.yaml", "flowgate.yaml");
        var yamlText = File.ReadAllText(Path.Combine(_dir.Root, "flowgate.yaml"));
        File.WriteAllText(Path.Combine(_dir.Root, "flowgate.yaml"), yamlText.Replace(
            "  api_keys: [os.environ/FLOWGATE_KEY]\n",
            "  api_keys: [os.environ/FLOWGATE_KEY]\n  budget_day_start: \"07:30\"\n  max_concurrent_requests: 20000\n  keys:\n    alice: {key: os.environ/ALICE_KEY, max_daily_tokens: 2000000}\n    ci-bot: {key: os.environ/ANTHROPIC_KEY}\n",
            StringComparison.Ordinal));

        var toml = _dir.Load("providers.toml");
        var yaml = _dir.Load("flowgate.yaml");

        Assert.True(toml.Succeeded, string.Join("\n", toml.Diagnostics));
        Assert.True(yaml.Succeeded, string.Join("\n", yaml.Diagnostics));
        foreach (var gateway in new[] { toml.Config.Gateway, yaml.Config.Gateway })
        {
            Assert.Equal([("alice", "gw-alice", (long?)2_000_000), ("ci-bot", "sk-ant", null)], gateway.NamedKeys.Select(k => (k.Name, k.Key.Reveal(), k.MaxDailyTokens)));
            Assert.Equal(new TimeSpan(7, 30, 0), gateway.BudgetDayStart);
            Assert.Equal(20_000, gateway.MaxConcurrentRequests);
            Assert.Single(gateway.ApiKeys);
        }
    }

    [Theory]
    [InlineData("[gateway.keys.key-2]\nkey = \"x\"\n", "gateway.keys.key-2: a key name is")]
    [InlineData("[gateway.keys.alice]\nmax_daily_tokens = 5\n", "gateway.keys.alice.key: is required")]
    [InlineData("[gateway.keys.alice]\nkey = \"x\"\nmax_daily_tokens = 0\n", "gateway.keys.alice.max_daily_tokens:")]
    [InlineData("[gateway.keys.alice]\nkey = \"x\"\nmax_daily_token = 5\n", "did you mean 'max_daily_tokens'")]
    [InlineData("[gateway]\nbudget_day_start = \"7pm\"\n", "gateway.budget_day_start: must be a UTC time of day")]
    [InlineData("[gateway]\nmax_concurrent_requests = 0\n", "gateway.max_concurrent_requests: must be between 1 and 1000000, not 0")]
    public void NamedGatewayKeys_BadEntries_AreErrorsAtTheirKey(string table, string expected)
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        var text = File.ReadAllText(Path.Combine(_dir.Root, "providers.toml"));
        if (table.StartsWith("[gateway]", StringComparison.Ordinal))
        {
            text = text.Replace("[gateway]\n", table, StringComparison.Ordinal);
        }
        else
        {
            text += "\n" + table;
        }

        File.WriteAllText(Path.Combine(_dir.Root, "providers.toml"), text);

        var result = _dir.Load("providers.toml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void UsageBasedPolicy_Loads()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        var text = File.ReadAllText(Path.Combine(_dir.Root, "providers.toml"));
        File.WriteAllText(Path.Combine(_dir.Root, "providers.toml"), text.Replace("policy = \"least-busy\"", "policy = \"usage-based\"", StringComparison.Ordinal));

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(SelectionPolicy.UsageBased, result.Config.Routing.Routes[0].Policy);
    }

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
        var route = routing.Routes[0];
        Assert.Equal((SelectionPolicy.LeastBusy, 2), (route.Policy, route.Targets.Count));
        Assert.Equal(new TargetConfig { Upstream = "api.openai.com", Model = "gpt-5.2", Weight = 3, Timeout = TimeSpan.FromMinutes(1), RequestsPerMinute = 100, TokensPerMinute = 200000 }, route.Targets[0]);
        Assert.Equal((["router-gpt52-copilot-fallback"], ["router-claude"]), (route.Fallbacks, route.ContextWindowFallbacks));
        Assert.True(routing.Routes[1].Hidden);
        Assert.Equal([new AliasConfig { Name = "gpt-5", Target = "router-gpt52-openai" }, new AliasConfig { Name = "claude-*", Target = "router-claude", Hidden = true }], routing.Aliases);
        var upgrade = Assert.Single(routing.UpgradeRules);
        Assert.Equal(("router-gpt52.auto", "router-gpt52-openai", "router-claude", MatchMode.All), (upgrade.Name, upgrade.Base, upgrade.To, upgrade.Match));
        Assert.Equal(new FeatureCondition { Feature = RequestFeature.Effort, Operator = ConditionOperator.In, Values = ["high", "xhigh"] }, upgrade.Conditions[1]);
        var ladder = Assert.Single(routing.Ladders);
        Assert.Equal(["router-gpt52-copilot-fallback", "router-gpt52-openai", "router-claude"], ladder.Steps.Select(s => s.Route));
        Assert.Equal(64000, ladder.Steps[2].MaxOutputTokens);
        Assert.Equal(new FeatureCondition { Feature = RequestFeature.Images, Operator = ConditionOperator.Equal, Value = "true" }, ladder.Steps[2].Conditions[1]);
        Assert.Equal(new RetryPolicy { MaxAttempts = 4, DefaultFallbacks = ["router-claude"] }, routing.Retry);
        Assert.Equal((false, TimeSpan.FromHours(1), 500), (routing.Sticky.Enabled, routing.Sticky.Ttl, routing.Sticky.Capacity));
        Assert.Equal(
            (TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)),
            (routing.Failures.AuthCooldown, routing.Failures.AuthQuotaCooldown, routing.Failures.TransientCooldown, routing.Failures.MaxRetryAfter, routing.Failures.FailureStreakWindow));
        Assert.Equal(("low", "max", 65536), (routing.EffortTable.EffortFor(1500), routing.EffortTable.EffortFor(20000), routing.EffortTable.BudgetFor("max")));
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
            ["ROOT/providers.toml:19:16: warning: credential 'upstreams.\"127.0.0.1:8317\".api_key_file': secret file 'secrets/cliproxy_key' is readable by group or others; run chmod 600 on it."],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void EmptySecretFile_IsAnError_NamingTheFileNotItsContent()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        _dir.Write("secrets/cliproxy_key", "  \n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(
            ["ROOT/providers.toml:19:16: credential 'upstreams.\"127.0.0.1:8317\".api_key_file': secret file 'secrets/cliproxy_key' is empty."],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void UnknownIntegrationModel_IsAnError_ResolvedLikeARequest()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        File.AppendAllText(Path.Combine(_dir.Root, "providers.toml"), "opus_model = \"router-claud\"\nhaiku_model = \"claude-haiku\"\n");

        Assert.Equal(
            ["ROOT/providers.toml:103:14: integration.opus_model: unknown model 'router-claud' (did you mean 'router-claude'?)."],
            _dir.Diagnostics("providers.toml"));
    }
}
