namespace FlowGate.Config;

/// <summary>Which of the two configuration schemas a file uses.</summary>
public enum ConfigFormat
{
    /// <summary><c>providers.toml</c>: agent-cli's instances and weighted routing, plus FlowGate's tables.</summary>
    ProvidersToml,

    /// <summary><c>flowgate.yaml</c> (or JSON): the LiteLLM-based xgate's LiteLLM-style model list, profiles and services.</summary>
    FlowGateYaml,
}
