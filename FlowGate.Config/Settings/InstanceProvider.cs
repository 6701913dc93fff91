using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>One provider of an instance: <c>{ type, base_url, api_keys, rotation_strategy }</c>.</summary>
public sealed record InstanceProvider
{
    /// <summary>Gets the provider type (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>minimax</c>, <c>codex</c>, <c>antigravity</c>…).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the provider's base URL, for API-key providers.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Gets the provider's keys.</summary>
    public ValueArray<Secret> ApiKeys { get; init; }

    /// <summary>Gets the rotation strategy as written (CLIProxyAPI ignores it per provider; kept for the generator).</summary>
    public string? RotationStrategy { get; init; }
}
