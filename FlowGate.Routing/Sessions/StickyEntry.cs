namespace FlowGate.Routing.Sessions;

/// <summary>A session's binding to the target that last served it on a route.</summary>
/// <param name="Target">The target.</param>
/// <param name="LastUsed">When the binding was last made or used.</param>
internal readonly record struct StickyEntry(TargetId Target, DateTimeOffset LastUsed);
