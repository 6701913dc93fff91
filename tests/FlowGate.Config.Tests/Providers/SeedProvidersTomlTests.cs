using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Config.Tests.Providers;

public sealed class SeedProvidersTomlTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SeedExample_LoadsInstancesRoutesAndParams()
    {
        _dir.CopyFixture("seed-providers.toml", "providers.toml");
        _dir.Variables["RELAY_KEY"] = "sk-relay-canary";

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var config = result.Config;
        Assert.Equal(ConfigFormat.ProvidersToml, config.Format);
        Assert.Equal(8145, config.Gateway.Port);
        Assert.Equal("127.0.0.1", config.Gateway.Host);
        Assert.Equal(
            [
                new UpstreamConfig { Name = "official", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") },
                new UpstreamConfig { Name = "relay", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8147") },
            ],
            config.Routing.Upstreams);
        Assert.Equal(["opus4.5", "gemini-pro", "gpt5"], config.Routing.Routes.Select(r => r.Name));
        Assert.Equal(
            new RouteConfig
            {
                Name = "gemini-pro",
                Targets =
                [
                    new TargetConfig { Upstream = "official", Model = "gemini-3-pro-high", Weight = 999 },
                    new TargetConfig { Upstream = "relay", Model = "google/gemini-3-pro-preview", Weight = 1, Params = new TargetParams { ReasoningEffort = "medium" } },
                ],
            },
            config.Routing.Routes[1]);
        var relay = config.Instances[1];
        Assert.Equal(["openai", "anthropic", "gemini"], relay.Providers.Select(p => p.Type));
        Assert.Equal(new Secret("sk-relay-canary", "env:RELAY_KEY"), relay.Providers[0].ApiKeys[0]);
        Assert.Equal("0.0.0.0", relay.Settings.Host);
        Assert.Equal(3, relay.Settings.RequestRetry);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void SeedExample_DotEnvBesideTheFileSuppliesVariables()
    {
        _dir.CopyFixture("seed-providers.toml", "providers.toml");
        _dir.Write(".env", "# relay\nexport RELAY_KEY='sk-from-dotenv'\n");

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("sk-from-dotenv", result.Config.Instances[1].Providers[0].ApiKeys[0].Reveal());
        Assert.Contains(Path.Combine(_dir.Root, ".env"), result.Files);
    }

    [Fact]
    public void SeedExample_MissingVariable_IsOneErrorPerUseNamingTheVariable()
    {
        _dir.CopyFixture("seed-providers.toml", "providers.toml");

        Assert.Equal(
            [
                "ROOT/providers.toml:24:5: instances.relay.providers[0].api_keys[0]: environment variable 'RELAY_KEY' is not set or empty.",
                "ROOT/providers.toml:27:5: instances.relay.providers[1].api_keys[0]: environment variable 'RELAY_KEY' is not set or empty.",
                "ROOT/providers.toml:30:5: instances.relay.providers[2].api_keys[0]: environment variable 'RELAY_KEY' is not set or empty.",
            ],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void FullSeed_ReadsEveryGlobalKey()
    {
        _dir.CopyFixture("seed-full-providers.toml", "providers.toml");
        _dir.Variables["ZENMUX_KEY"] = "sk-zen";

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var config = result.Config;
        Assert.Equal(TimeSpan.FromMinutes(5), config.Routing.Failures.AuthCooldown);
        Assert.Equal(TimeSpan.FromHours(12), config.Routing.Failures.AuthQuotaCooldown);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Routing.Failures.TransientCooldown);
        Assert.Equal(2, config.Routing.Retry.MaxAttempts);
        Assert.False(config.Resilience.RetryAuthOn5xx);
        Assert.Equal(new Uri("http://127.0.0.1:7890"), config.Gateway.OutboundProxy);

        var official = config.Instances[0].Settings;
        Assert.Equal((1, 5, 30, 1, 5, true, true), (official.RequestRetry, official.MaxRetryInterval, official.StreamingKeepAliveSeconds, official.StreamingBootstrapRetries, official.NonStreamKeepAliveInterval, official.QuotaSwitchProject, official.QuotaSwitchPreviewModel));
        Assert.Equal(15, config.Instances[1].Settings.StreamingKeepAliveSeconds);
        Assert.Equal("fill-first", config.Instances[1].Settings.RoutingStrategy);

        Assert.Equal([SeedAutoUpgrade.FromSeed("g3f.auto", "g3f.auto", "opus4.6")], config.Routing.UpgradeRules);
        var router = Assert.IsType<ModelRouterConfig>(config.Routing.ModelRouter);
        Assert.Equal(["auto"], router.ActivationModels);
        Assert.Equal("g3f", router.DefaultRoute);
        var rule = Assert.Single(router.Rules);
        Assert.Equal(("high_complexity", 300, MatchMode.Any, "opus4.6"), (rule.Name, rule.Priority, rule.Match, rule.Route));
        Assert.Equal([new FeatureCondition { Feature = RequestFeature.MessageCount, Operator = ConditionOperator.GreaterThanOrEqual, Value = "40" }], rule.Conditions);

        var relayParams = config.Routing.Routes.Single(r => r.Name == "gemini-pro").Targets[1].Params;
        Assert.Equal(
            new TargetParams { ReasoningEffort = "high", ThinkingBudgetMax = 24576, MaxTokensMax = 32000, MaxTokensDefault = 8192, ExtraHeaders = [new HttpHeader("X-Relay-Tier", "gold")] },
            relayParams);
        Assert.Equal("context-1m-2025-08-07", config.Routing.Routes[0].Targets[0].Params.AnthropicBeta);
    }
}
