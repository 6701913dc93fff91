namespace FlowGate.Routing;

/// <summary>One target of the chosen route as the decision saw it.</summary>
/// <param name="Target">The target.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Eligible">Whether it could be picked (enabled and not cooling down).</param>
/// <param name="CooldownUntil">When its cool-down ends, if it is cooling down.</param>
public readonly record struct CandidateTarget(TargetId Target, int Weight, bool Eligible, DateTimeOffset? CooldownUntil);
