using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>One finished request as the status page lists it: names, numbers and timings only, never a body or a secret.</summary>
internal sealed record RecentRequest(
    DateTimeOffset At,
    string Route,
    ClientProtocol Protocol,
    string? Upstream,
    string? Model,
    int Status,
    int Attempts,
    TokenUsage Tokens,
    TimeSpan Latency)
{
    /// <summary>Gets the time from sending the answering attempt to its first byte, when an upstream answered.</summary>
    public TimeSpan? TimeToFirstByte { get; init; }
}
