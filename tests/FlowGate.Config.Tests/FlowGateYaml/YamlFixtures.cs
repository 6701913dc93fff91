namespace FlowGate.Config.Tests.FlowGateYaml;

/// <summary>The configs of the LiteLLM-based xgate: its design guide's two appendix configs (JSON) and the upstream example (YAML).</summary>
internal static class YamlFixtures
{
    public const string CliProxySecretPath = "../.router/secrets/upstream_cliproxyapi_api_key";

    public const string AppendixA = """
        {
          "credentials": {
            "upstream": {
              "cliproxy_default": {
                "file": "../.router/secrets/upstream_cliproxyapi_api_key"
              }
            }
          },
          "litellm_base": {
            "model_list": [
              {
                "model_name": "router-gpt52-openai",
                "litellm_params": {
                  "model": "openai/gpt-5.2",
                  "api_base": "https://api.openai.com/v1",
                  "api_key": "os.environ/UPSTREAM_OPENAI_API_KEY"
                }
              },
              {
                "model_name": "router-gpt52-copilot-fallback",
                "litellm_params": {
                  "model": "openai/gpt-5.2",
                  "api_base": "http://127.0.0.1:8317/v1",
                  "api_key_ref": "cliproxy_default"
                }
              }
            ]
          },
          "profiles": {
            "balanced": {
              "litellm_settings": {
                "fallbacks": [{"router-gpt52-openai": ["router-gpt52-copilot-fallback"]}]
              }
            }
          },
          "integration": {
            "default_model": "router-gpt52-openai",
            "fast_model": "router-gpt52-copilot-fallback"
          }
        }
        """;

    public const string AppendixB = """
        {
          "credentials": {
            "upstream": {
              "cliproxy_default": {
                "file": "../.router/secrets/upstream_cliproxyapi_api_key"
              }
            }
          },
          "litellm_base": {
            "model_list": [
              {
                "model_name": "router-claude-opus-4-6-copilot",
                "litellm_params": {
                  "model": "openai/claude-opus-4.6",
                  "api_base": "http://127.0.0.1:8317/v1",
                  "api_key_ref": "cliproxy_default"
                }
              },
              {
                "model_name": "router-claude-sonnet-4-5-custom",
                "litellm_params": {
                  "model": "openai/claude-sonnet-4.5",
                  "api_base": "https://api.vendor.example/v1",
                  "api_key": "os.environ/CUSTOM_API_KEY"
                }
              },
              {
                "model_name": "router-claude-haiku-4-5-custom",
                "litellm_params": {
                  "model": "openai/claude-haiku-4.5",
                  "api_base": "https://api.vendor.example/v1",
                  "api_key": "os.environ/CUSTOM_API_KEY"
                }
              }
            ]
          },
          "integration": {
            "default_model": "router-claude-sonnet-4-5-custom",
            "fast_model": "router-claude-haiku-4-5-custom"
          }
        }
        """;

    /// <summary>heliar-k/flowgate's config/examples/flowgate.yaml (config_version 2).</summary>
    public const string Upstream = """
        config_version: 2
        paths: {runtime_dir: "../.router/runtime", active_config: "../.router/runtime/litellm.active.yaml", state_file: "../.router/runtime/state.json", log_file: "../.router/logs/routerctl.log"}
        services:
          litellm: {host: "127.0.0.1", port: 4000, readiness_path: "/health", command: {cwd: "..", args: [".router/runtime/bin/litellm", "--config", ".router/runtime/litellm.active.yaml"]}}
          cliproxyapi_plus: {host: "127.0.0.1", port: 8317, readiness_path: "/", command: {cwd: "..", args: [".router/runtime/bin/CLIProxyAPIPlus", "-config", "config/cliproxyapi.yaml"]}}
        credentials: {upstream: {cliproxy_default: {file: "../.router/secrets/upstream_cliproxyapi_api_key"}}}
        litellm_base:
          model_list:
            - model_name: "router-default"
              litellm_params: {model: "openai/router-default", api_base: "http://127.0.0.1:8317/v1", api_key_ref: "cliproxy_default"}
            - model_name: "router-cheap"
              litellm_params: {model: "openai/gpt-4o-mini", api_base: "https://example-custom-openai/v1", api_key: "os.environ/CUSTOM_API_KEY"}
          router_settings: {routing_strategy: "simple-shuffle", enable_pre_call_checks: true}
          litellm_settings: {num_retries: 1, request_timeout: 30, allowed_fails: 2, cooldown_time: 10}
        profiles:
          reliability: {litellm_settings: {num_retries: 3, allowed_fails: 1, cooldown_time: 60, fallbacks: [{router-default: ["router-cheap"]}]}}
          balanced:    {litellm_settings: {num_retries: 2, allowed_fails: 2, cooldown_time: 30, fallbacks: [{router-default: ["router-cheap"]}]}}
          cost:        {litellm_settings: {num_retries: 1, allowed_fails: 3, cooldown_time: 10, fallbacks: [{router-cheap: ["router-default"]}]}}
        auth:
          providers:
            codex: {method: "oauth_poll", auth_url_endpoint: "http://127.0.0.1:8317/v0/management/oauth/codex/auth-url", status_endpoint: "http://127.0.0.1:8317/v0/management/oauth/codex/status"}
            copilot: {method: "oauth_poll", auth_url_endpoint: "http://127.0.0.1:8317/v0/management/oauth/copilot/auth-url", status_endpoint: "http://127.0.0.1:8317/v0/management/oauth/copilot/status"}
        secret_files: ["../.router/auths/codex.json", "../.router/auths/copilot.json"]

        """;
}
