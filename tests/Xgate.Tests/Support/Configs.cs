using System.Globalization;

namespace FlowGate.Xgate.Tests.Support;

/// <summary>Small configuration files for the tests: state under the temp directory, the mock upstream as an instance.</summary>
internal static class Configs
{
    public static string MockDll => XgateProcess.Dll("FlowGate.MockUpstream.dll");

    public static string Q(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A providers.toml: one instance (the mock upstream, started by xgate) behind the gateway.</summary>
    public static string ProvidersToml(int gatewayPort, int mockPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        [global]
        host = "127.0.0.1"
        main_port = {{gatewayPort}}

        [paths]
        runtime_dir = "run"
        state_file = "run/state.json"
        log_dir = "logs"
        auth_dir = "auths"

        [instances.mock]
        port = {{mockPort}}
        command = [{{Q(XgateProcess.DotnetHost)}}, {{Q(MockDll)}}, "--port", "{{mockPort}}"]
        providers = [{ type = "openai", base_url = "http://127.0.0.1:{{mockPort}}/v1", api_keys = ["sk-instance"] }]

        [routing]
        "router-default" = [{ instance = "mock", provider = "openai", model = "m1" }]
        "router-fast" = [{ instance = "mock", provider = "openai", model = "m2" }]

        [integration]
        default_model = "router-default"
        fast_model = "router-fast"
        """);

    /// <summary>
    /// A flowgate.yaml with two profiles whose fallbacks differ: router-default's only target always fails (the mock
    /// answers 500 for model "broken"), profile "alpha" falls back to router-alpha, "beta" to router-beta.
    /// </summary>
    public static string TwoProfilesYaml(int gatewayPort, int mockPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        config_version: 2
        paths:
          runtime_dir: run
          state_file: run/state.json
          log_dir: logs
          auth_dir: auths
        services:
          gateway: {host: 127.0.0.1, port: {{gatewayPort}}}
          mock:
            port: {{mockPort}}
            readiness_path: /v1/models
            command:
              args: [{{Q(XgateProcess.DotnetHost)}}, {{Q(MockDll)}}, --port, "{{mockPort}}", --fault, "broken=status:500"]
        litellm_base:
          model_list:
            - model_name: router-default
              litellm_params: {model: openai/broken, api_base: "http://127.0.0.1:{{mockPort}}/v1", api_key: sk-x}
            - model_name: router-alpha
              litellm_params: {model: openai/alpha, api_base: "http://127.0.0.1:{{mockPort}}/v1", api_key: sk-x}
            - model_name: router-beta
              litellm_params: {model: openai/beta, api_base: "http://127.0.0.1:{{mockPort}}/v1", api_key: sk-x}
        profiles:
          alpha:
            litellm_settings:
              fallbacks: [{router-default: [router-alpha]}]
          beta:
            litellm_settings:
              fallbacks: [{router-default: [router-beta]}]
        integration: {default_model: router-default, fast_model: router-alpha}
        """);

    /// <summary>A flowgate.yaml whose gateway is at <paramref name="gatewayPort"/> (a fake in the launch tests), with a few routes.</summary>
    public static string LaunchYaml(int gatewayPort, string extra = "") => string.Create(CultureInfo.InvariantCulture, $$"""
        config_version: 2
        paths: {runtime_dir: run, state_file: run/state.json, log_dir: logs, auth_dir: auths}
        services:
          gateway: {host: 127.0.0.1, port: {{gatewayPort}}}
        litellm_base:
          model_list:
            - model_name: router-default
              litellm_params: {model: openai/m1, api_base: "http://127.0.0.1:9/v1", api_key: sk-x}
            - model_name: router-fast
              litellm_params: {model: openai/m2, api_base: "http://127.0.0.1:9/v1", api_key: sk-x}
            - model_name: router-opus
              litellm_params: {model: openai/m3, api_base: "http://127.0.0.1:9/v1", api_key: sk-x}
        integration: {default_model: router-default, fast_model: router-fast}
        {{extra}}
        """);
}
