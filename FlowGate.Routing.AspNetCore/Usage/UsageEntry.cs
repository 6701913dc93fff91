using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// One answered request as the usage ledger counts it: when, by which route, target (upstream and its model) and
/// gateway key, and the tokens its upstream reported. Names only, never a secret: the key is its configured name.
/// <see cref="BudgetDay"/> is the start of the key's budget day the tokens counted in (null for a request without a
/// key), so that a ledger file can give each key's count back after a restart.
/// </summary>
internal sealed record UsageEntry(DateTimeOffset At, string Route, string Upstream, string Model, string Key, TokenUsage Tokens, DateTimeOffset? BudgetDay = null)
{
    /// <summary>Gets the UTC day the entry counts on.</summary>
    public DateOnly Day => DateOnly.FromDateTime(At.UtcDateTime);
}
