namespace FlowGate.Config.Settings;

/// <summary>An OAuth provider <c>xgate auth login</c> drives through CLIProxyAPI (<c>auth.providers.NAME</c>).</summary>
public sealed record AuthProviderConfig
{
    /// <summary>Gets the provider's name (<c>codex</c>, <c>copilot</c>, <c>antigravity</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the method.</summary>
    /// <value>The default value is <c>oauth_poll</c>, the only one the LiteLLM-based xgate had.</value>
    public string Method { get; init; } = "oauth_poll";

    /// <summary>Gets the management endpoint that returns the login URL.</summary>
    public string? AuthUrlEndpoint { get; init; }

    /// <summary>Gets the management endpoint polled for the login's state.</summary>
    public string? StatusEndpoint { get; init; }
}
