using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>
/// A named gateway key (<c>gateway.keys.NAME</c>): usage is recorded under <see cref="Name"/>, never the key, and an
/// optional daily token budget refuses the key's requests (429) once that many tokens were used in the day.
/// </summary>
public sealed record GatewayKeySettings
{
    /// <summary>Gets the key's name, as usage, logs and the status page show it.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the key clients present.</summary>
    public required Secret Key { get; init; }

    /// <summary>Gets the most tokens (every kind) the key's requests may use in a day (<c>max_daily_tokens</c>), if any.</summary>
    public long? MaxDailyTokens { get; init; }
}
