namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Everything the adapter serves by: the routing config, the keys clients must present, and the request limits.
/// Immutable; a new value is a reload. A host builds it from <c>FlowGate.Config</c> or in code.
/// The middle of three layers: it wraps the core's <see cref="RoutingConfig"/>, and <c>UseConfigFile</c> maps a loaded
/// file (<c>FlowGateConfig</c>) to a new one on every reload.
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>Gets the routing configuration.</summary>
    public required RoutingConfig Routing { get; init; }

    /// <summary>Gets the keys clients must present (<c>Authorization: Bearer</c> or <c>x-api-key</c>); none means loopback only.</summary>
    public ValueArray<Secret> ApiKeys { get; init; }

    /// <summary>
    /// Gets the named keys: keys clients may present like <see cref="ApiKeys"/>, whose usage is recorded under their name and
    /// which may carry a daily token budget. (A key of <see cref="ApiKeys"/> is recorded as <c>key-N</c>, its position.)
    /// </summary>
    public ValueArray<GatewayKey> NamedKeys { get; init; }

    /// <summary>Gets the UTC time of day at which the named keys' daily budgets start again.</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/>: midnight UTC.</value>
    public TimeSpan BudgetDayStart { get; init; }

    /// <summary>Gets the time and size limits.</summary>
    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>Gets the HTTP proxy every upstream call goes through (the configuration's outbound <c>proxy</c>), if any.</summary>
    /// <value>The default value is <see langword="null"/>: upstreams are called directly.</value>
    public Uri? OutboundProxy { get; init; }

    /// <summary>Gets a value indicating whether any gateway key (unnamed or named) is configured.</summary>
    internal bool HasKeys => !ApiKeys.IsEmpty || !NamedKeys.IsEmpty;

    /// <summary>Gets how many keys clients may present: <see cref="ApiKeys"/>, then <see cref="NamedKeys"/>.</summary>
    internal int KeyCount => ApiKeys.Count + NamedKeys.Count;

    /// <summary>Gets the key at a position of <see cref="ApiKeys"/> followed by <see cref="NamedKeys"/>.</summary>
    internal Secret KeyAt(int index) => index < ApiKeys.Count ? ApiKeys[index] : NamedKeys[index - ApiKeys.Count].Key;

    /// <summary>Gets the named key at a position of <see cref="ApiKeys"/> followed by <see cref="NamedKeys"/>, or null for an unnamed one.</summary>
    internal GatewayKey? NamedKeyAt(int index) => index >= ApiKeys.Count && index < KeyCount ? NamedKeys[index - ApiKeys.Count] : null;
}
