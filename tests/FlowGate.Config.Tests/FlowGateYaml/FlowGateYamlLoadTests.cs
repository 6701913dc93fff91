using FlowGate.Config.Profiles;
using FlowGate.Routing;
using FlowGate.Routing.Failures;

namespace FlowGate.Config.Tests.FlowGateYaml;

public sealed class FlowGateYamlLoadTests : IDisposable
{
    private readonly ConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AppendixB_LoadsToTheExactRoutingConfig()
    {
        _dir.WriteSeedSecret();

        var config = _dir.LoadOk(YamlFixtures.AppendixB);

        var cliProxy = new UpstreamConfig
        {
            Name = "127.0.0.1:8317",
            Protocol = UpstreamProtocol.OpenAI,
            BaseUrl = new Uri("http://127.0.0.1:8317/v1"),
            ApiKey = new Secret("sk-local-test", "file:" + YamlFixtures.CliProxySecretPath),
        };
        var vendor = new UpstreamConfig
        {
            Name = "api.vendor.example",
            Protocol = UpstreamProtocol.OpenAI,
            BaseUrl = new Uri("https://api.vendor.example/v1"),
            ApiKey = new Secret("sk-dummy", "env:CUSTOM_API_KEY"),
        };
        var expected = new RoutingConfig
        {
            Upstreams = [cliProxy, vendor],
            Routes =
            [
                new RouteConfig { Name = "router-claude-opus-4-6-copilot", Targets = [new TargetConfig { Upstream = "127.0.0.1:8317", Model = "claude-opus-4.6" }] },
                new RouteConfig { Name = "router-claude-sonnet-4-5-custom", Targets = [new TargetConfig { Upstream = "api.vendor.example", Model = "claude-sonnet-4.5" }] },
                new RouteConfig { Name = "router-claude-haiku-4-5-custom", Targets = [new TargetConfig { Upstream = "api.vendor.example", Model = "claude-haiku-4.5" }] },
            ],
        };
        Assert.Equal(expected, config.Routing);
        Assert.Equal("router-claude-sonnet-4-5-custom", config.Integration.DefaultModel);
        Assert.Equal("router-claude-haiku-4-5-custom", config.Integration.FastModel);
        Assert.Null(config.ActiveProfile);
        Assert.Empty(config.Profiles);
        Assert.Equal(ConfigFormat.FlowGateYaml, config.Format);
        Assert.Equal(("127.0.0.1", 4000), (config.Gateway.Host, config.Gateway.Port));
    }

    [Fact]
    public void AppendixA_LoadsWithAndWithoutItsProfile()
    {
        _dir.WriteSeedSecret();

        var plain = _dir.LoadOk(YamlFixtures.AppendixA);
        var balanced = _dir.LoadOk(YamlFixtures.AppendixA, profile: "balanced");

        Assert.Equal(["api.openai.com", "127.0.0.1:8317"], plain.Routing.Upstreams.Select(u => u.Name));
        Assert.Equal(["env:UPSTREAM_OPENAI_API_KEY", "file:" + YamlFixtures.CliProxySecretPath], plain.Routing.Upstreams.Select(u => u.ApiKey!.Source));
        Assert.Equal(["gpt-5.2", "gpt-5.2"], plain.Routing.Routes.Select(r => r.Targets[0].Model));
        Assert.Empty(plain.Routing.Routes[0].Fallbacks);
        Assert.Equal(["router-gpt52-copilot-fallback"], balanced.Routing.Routes[0].Fallbacks);
        Assert.Equal("balanced", balanced.ActiveProfile);
        Assert.Equal(["balanced"], balanced.Profiles);
    }

    [Fact]
    public void UpstreamExample_Loads()
    {
        _dir.WriteSeedSecret();
        var config = _dir.LoadOk(YamlFixtures.Upstream);
        var routerDir = Path.Combine(_dir.Root, ".router");

        Assert.Equal(["router-default", "router-cheap"], config.Routing.Routes.Select(r => r.Name));
        Assert.Equal(["127.0.0.1:8317", "example-custom-openai"], config.Routing.Upstreams.Select(u => u.Name));
        Assert.Equal("router-default", config.Routing.Routes[0].Targets[0].Model);
        Assert.Equal("gpt-4o-mini", config.Routing.Routes[1].Targets[0].Model);
        Assert.All(config.Routing.Routes, r => Assert.Equal(SelectionPolicy.Weighted, r.Policy));
        Assert.Equal(2, config.Routing.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Resilience.RequestTimeout);
        Assert.Equal(FailurePolicy.Default with { TransientCooldown = TimeSpan.FromSeconds(10), AllowedFails = 2 }, config.Routing.Failures);
        Assert.Equal(["reliability", "balanced", "cost"], config.Profiles);
        Assert.Null(config.ActiveProfile);

        Assert.Equal(Path.Combine(routerDir, "runtime"), config.Paths.RuntimeDir);
        Assert.Equal(Path.Combine(routerDir, "runtime", "state.json"), config.Paths.StateFile);
        Assert.Equal(Path.Combine(routerDir, "runtime", "usage.db"), config.Paths.UsageLedger);
        Assert.Equal(Path.Combine(routerDir, "runtime", "litellm.active.yaml"), config.Paths.ActiveConfig);
        Assert.Equal(Path.Combine(routerDir, "logs", "routerctl.log"), config.Paths.LogFile);
        Assert.Equal(Path.Combine(routerDir, "logs"), config.Paths.LogDir);
        Assert.Equal([Path.Combine(routerDir, "auths", "codex.json"), Path.Combine(routerDir, "auths", "copilot.json")], config.Paths.OAuthTokenFiles);

        Assert.Equal(["litellm", "cliproxyapi_plus"], config.Services.Select(s => s.Name));
        var cliproxy = config.Services[1];
        Assert.Equal((8317, "/", _dir.Root), (cliproxy.Port, cliproxy.ReadinessPath, cliproxy.WorkingDirectory));
        Assert.Equal([".router/runtime/bin/CLIProxyAPIPlus", "-config", "config/cliproxyapi.yaml"], cliproxy.Command);
        Assert.Equal(("127.0.0.1", 4000), (config.Gateway.Host, config.Gateway.Port));
        Assert.Equal(["codex", "copilot"], config.AuthProviders.Select(a => a.Name));
        Assert.Equal("http://127.0.0.1:8317/v0/management/oauth/codex/status", config.AuthProviders[0].StatusEndpoint);
    }

    [Fact]
    public void UpstreamExample_ActiveProfileFromStateFile_IsWatched()
    {
        _dir.WriteSeedSecret();
        var stateFile = Path.Combine(_dir.Root, ".router", "runtime", "state.json");
        ProfileState.WriteActiveProfile(stateFile, "reliability", TimeProvider.System);

        var result = _dir.Load(YamlFixtures.Upstream);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var config = result.Config;
        Assert.Equal("reliability", config.ActiveProfile);
        Assert.Equal(4, config.Routing.Retry.MaxAttempts);
        Assert.Equal(1, config.Routing.Failures.AllowedFails);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Routing.Failures.TransientCooldown);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Resilience.RequestTimeout);
        Assert.Equal(["router-cheap"], config.Routing.Routes[0].Fallbacks);
        Assert.Contains(stateFile, result.Files);
        Assert.Contains(Path.GetFullPath(Path.Combine(_dir.ConfigDir, YamlFixtures.CliProxySecretPath)), result.Files);
    }

    [Fact]
    public void Override_WinsOverTheStateFile()
    {
        _dir.WriteSeedSecret();
        ProfileState.WriteActiveProfile(Path.Combine(_dir.Root, ".router", "runtime", "state.json"), "reliability", TimeProvider.System);

        var config = _dir.LoadOk(YamlFixtures.Upstream, profile: "cost");

        Assert.Equal("cost", config.ActiveProfile);
        Assert.Empty(config.Routing.Routes[0].Fallbacks);
        Assert.Equal(["router-default"], config.Routing.Routes[1].Fallbacks);
        Assert.Equal(3, config.Routing.Failures.AllowedFails);
    }

    [Fact]
    public void UnknownProfile_FromOverride_IsAnErrorListingTheProfiles()
    {
        _dir.WriteSeedSecret();

        var errors = _dir.Diagnostics(YamlFixtures.Upstream, profile: "balance");

        Assert.Equal(["flowgate.yaml:15:1: profiles: unknown profile 'balance' (set by the load options) (did you mean 'balanced'?); defined: reliability, balanced, cost."], errors);
    }

    [Fact]
    public void UnknownProfile_FromStateFile_PointsAtTheStateFile()
    {
        _dir.WriteSeedSecret();
        var stateFile = Path.Combine(_dir.Root, ".router", "runtime", "state.json");
        ProfileState.WriteActiveProfile(stateFile, "cots", TimeProvider.System);

        var result = _dir.Load(YamlFixtures.Upstream);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal($"{stateFile}:1:1: profiles: unknown profile 'cots' (set by the state file '{stateFile}') (did you mean 'cost'?); defined: reliability, balanced, cost.", error.ToString());
    }

    [Fact]
    public void Profile_DeepMergesMappingsAndReplacesLists()
    {
        const string text = """
            litellm_base:
              model_list:
                - {model_name: a, litellm_params: {model: openai/a, api_base: "http://h:1/v1"}}
                - {model_name: b, litellm_params: {model: openai/b, api_base: "http://h:1/v1"}}
              router_settings: {routing_strategy: least-busy}
              litellm_settings: {num_retries: 1, request_timeout: 30, default_fallbacks: [a, b]}
            profiles:
              p:
                litellm_settings: {num_retries: 5, default_fallbacks: [b]}
              q:
                model_list:
                  - {model_name: a, litellm_params: {model: anthropic/c, api_base: "https://api.anthropic.com"}}
                litellm_settings: {default_fallbacks: []}
            """;

        var p = _dir.LoadOk(text, profile: "p");
        var q = _dir.LoadOk(text, profile: "q");

        Assert.Equal(6, p.Routing.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), p.Resilience.RequestTimeout);
        Assert.Equal(["b"], p.Routing.Retry.DefaultFallbacks);
        Assert.Equal(SelectionPolicy.LeastBusy, p.Routing.Routes[0].Policy);
        Assert.Equal(["a", "b"], p.Routing.Routes.Select(r => r.Name));

        // q's model_list replaces the base's whole list; its settings merge into the base's.
        var route = Assert.Single(q.Routing.Routes);
        Assert.Equal(("a", "c", "api.anthropic.com"), (route.Name, route.Targets[0].Model, route.Targets[0].Upstream));
        Assert.Equal(UpstreamProtocol.Anthropic, Assert.Single(q.Routing.Upstreams).Protocol);
        Assert.Equal(2, q.Routing.Retry.MaxAttempts);
        Assert.Empty(q.Routing.Retry.DefaultFallbacks);
    }
}
