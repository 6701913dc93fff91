namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// A named gateway key: a key clients may present, whose usage is recorded under <see cref="Name"/> (never the key
/// itself), with an optional daily token budget. A key past its budget gets 429 with <c>Retry-After</c> at the start
/// of the next budget day.
/// </summary>
public sealed record GatewayKey
{
    /// <summary>Gets the key's name, as usage, logs and the status page show it.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the key clients present (<c>Authorization: Bearer</c> or <c>x-api-key</c>).</summary>
    public required Secret Key { get; init; }

    /// <summary>Gets the most tokens (every kind) the key's requests may use in one budget day, if any.</summary>
    /// <value>The default value is <see langword="null"/>: no budget.</value>
    public long? MaxDailyTokens { get; init; }
}
