namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// What a counted increment adds to: a target's requests (<see cref="Field"/> <c>r</c>) or tokens (<c>t</c>) in the
/// budget minute starting at <see cref="WindowTicks"/>, or, when <see cref="KeyName"/> is set, a named gateway key's
/// tokens in the budget day starting there. Increments with equal counters are summed before they are sent.
/// </summary>
internal readonly record struct PendingCount(TargetId Target, string? KeyName, long WindowTicks, char Field);
