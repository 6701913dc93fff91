namespace FlowGate.Config;

/// <summary>Which of the two configuration schemas a file uses.</summary>
public enum ConfigFormat
{
    /// <summary><c>providers.toml</c>: seed 001's instances and weighted routing, plus FlowGate's tables.</summary>
    ProvidersToml,

    /// <summary><c>flowgate.yaml</c> (or JSON): seed 000's LiteLLM-style model list, profiles and services.</summary>
    FlowGateYaml,
}
