namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>One reload as the status page lists it: when, what came of it, the profile then in force, and its diagnostics.</summary>
internal sealed record ReloadRecord(DateTimeOffset At, string Outcome, string? Profile, IReadOnlyList<(string Severity, string Text)> Diagnostics);
