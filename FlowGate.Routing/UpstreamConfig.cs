namespace FlowGate.Routing;

/// <summary>Where requests go: a local instance or a direct upstream with a declared protocol.</summary>
public sealed record UpstreamConfig
{
    /// <summary>Gets the upstream's name, referenced by targets.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the upstream speaks.</summary>
    public required UpstreamProtocol Protocol { get; init; }

    /// <summary>Gets the base URL (for example <c>http://127.0.0.1:8146</c> or <c>https://api.anthropic.com</c>).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Gets the key sent to the upstream in place of the client's credential, if any.</summary>
    public Secret? ApiKey { get; init; }

    /// <summary>Gets headers set on every request to this upstream.</summary>
    public ValueArray<HttpHeader> Headers { get; init; }
}
