using FlowGate.Config.Documents;
using FlowGate.Config.Profiles;
using FlowGate.Config.Yaml;
using FlowGate.Routing;

namespace FlowGate.Config.Tests.FlowGateYaml;

public sealed class FlowGateYamlSchemaTests : IDisposable
{
    private readonly ConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Deployments_GroupByModelName_AndUpstreamsAreNamedByAuthority()
    {
        var config = _dir.LoadOk("""
            litellm_base:
              model_list:
                - {model_name: a, litellm_params: {model: openai/x, api_base: "https://api.vendor.example/v1", api_key: k1, weight: 3, rpm: 60, tpm: 1000, timeout: 12.5}}
                - {model_name: b, litellm_params: {model: anthropic/y, api_base: "https://api.anthropic.com"}}
                - {model_name: a, litellm_params: {model: openai/z, api_base: "https://api.vendor.example/v1", api_key: k2}}
                - {model_name: a, litellm_params: {model: openai/w, api_base: "https://api.vendor.example/v1", api_key: k1, extra_headers: {X-Team: t}}}
              router_settings:
                routing_strategy: round-robin
                model_group_alias: {fast: b, hidden-a: {model: a, hidden: true}}
            """);

        Assert.Equal(["api.vendor.example", "api.anthropic.com", "api.vendor.example#2"], config.Routing.Upstreams.Select(u => u.Name));
        Assert.Equal(["a", "b"], config.Routing.Routes.Select(r => r.Name));
        var a = config.Routing.Routes[0];
        Assert.Equal(SelectionPolicy.RoundRobin, a.Policy);
        Assert.Equal(
            [("api.vendor.example", "x", 3), ("api.vendor.example#2", "z", 1), ("api.vendor.example", "w", 1)],
            a.Targets.Select(t => (t.Upstream, t.Model, t.Weight)));
        Assert.Equal((TimeSpan.FromSeconds(12.5), 60, 1000), (a.Targets[0].Timeout!.Value, a.Targets[0].RequestsPerMinute!.Value, a.Targets[0].TokensPerMinute!.Value));
        Assert.Equal([new HttpHeader("X-Team", "t")], a.Targets[2].Params.ExtraHeaders);
        Assert.Equal("inline:litellm_base.model_list[0].litellm_params.api_key", config.Routing.Upstreams[0].ApiKey!.Source);
        Assert.Equal(
            [new AliasConfig { Name = "fast", Target = "b" }, new AliasConfig { Name = "hidden-a", Target = "a", Hidden = true }],
            config.Routing.Aliases);
    }

    [Fact]
    public void PlainLiteLlmConfig_WithTopLevelKeys_Loads()
    {
        _dir.Env["FLOWGATE_KEY"] = "sk-gw";
        var config = _dir.LoadOk("""
            model_list:
              - model_name: m
                litellm_params: {model: openai/gpt-4o, api_base: "http://localhost:9000/v1"}
            litellm_settings: {num_retries: 0}
            general_settings: {master_key: os.environ/FLOWGATE_KEY}
            gateway: {api_keys: [literal-key], max_request_body_mb: 8, first_byte_timeout: 30, stream_idle_timeout: 60}
            services: {gateway: {host: 0.0.0.0, port: 4100}}
            """);

        Assert.Equal("localhost:9000", config.Routing.Upstreams[0].Name);
        Assert.Equal(1, config.Routing.Retry.MaxAttempts);
        Assert.Equal(["env:FLOWGATE_KEY", "inline:gateway.api_keys[0]"], config.Gateway.ApiKeys.Select(k => k.Source));
        Assert.Equal((8L * 1024 * 1024, "0.0.0.0", 4100), (config.Gateway.MaxRequestBodyBytes, config.Gateway.Host, config.Gateway.Port));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)), (config.Resilience.FirstByteTimeout, config.Resilience.StreamIdleTimeout));
    }

    [Fact]
    public void TopLevelLiteLlmKey_NextToLitellmBase_IsAnError() =>
        Assert.Equal(
            ["flowgate.yaml:2:1: model_list: belongs inside litellm_base (litellm_base.model_list), since the file has a litellm_base."],
            _dir.Diagnostics("litellm_base: {}\nmodel_list: []\n"));

    [Fact]
    public void Overlay_IsPure_AndTakesProfilePositions()
    {
        var root = YamlDocumentReader.Parse("b:\n  s: {x: 1, y: [1, 2], z: {k: v}}\np:\n  s: {y: [3], z: {j: w}, n: 0}\n", "f.yaml");
        var baseTable = (ConfigTable)root["b"]!;
        var profile = (ConfigTable)root["p"]!;

        var merged = ProfileOverlay.Apply(baseTable, profile);

        var s = (ConfigTable)merged["s"]!;
        Assert.Equal(["x", "y", "z", "n"], s.Keys);
        Assert.Equal([3L], ((ConfigArray)s["y"]!).Items.Select(i => ((ConfigScalar)i).Value));
        Assert.Equal(["k", "j"], ((ConfigTable)s["z"]!).Keys);
        Assert.Equal(4, s["y"]!.Position.Line);
        Assert.Equal(2, s["x"]!.Position.Line);
        var original = (ConfigTable)baseTable["s"]!;
        Assert.Equal(["x", "y", "z"], original.Keys);
        Assert.Equal(2, ((ConfigArray)original["y"]!).Items.Count);
        Assert.Equal(["k"], ((ConfigTable)original["z"]!).Keys);
    }
}
