namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Everything the adapter serves by: the routing config, the keys clients must present, and the request limits.
/// Immutable; a new value is a reload. A host builds it from <c>FlowGate.Config</c> or in code.
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>Gets the routing configuration.</summary>
    public required RoutingConfig Routing { get; init; }

    /// <summary>Gets the keys clients must present (<c>Authorization: Bearer</c> or <c>x-api-key</c>); none means loopback only.</summary>
    public ValueArray<Secret> ApiKeys { get; init; }

    /// <summary>Gets the time and size limits.</summary>
    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>Gets the HTTP proxy every upstream call goes through (the configuration's outbound <c>proxy</c>), if any.</summary>
    /// <value>The default value is <see langword="null"/>: upstreams are called directly.</value>
    public Uri? OutboundProxy { get; init; }
}
