using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;

namespace FlowGate.Routing;

/// <summary>The host's state at the moment of a decision: health, stickiness and the time.</summary>
/// <param name="Health">Cool-downs and in-flight counts per target ordinal.</param>
/// <param name="Sticky">The sticky-session table snapshot.</param>
/// <param name="Now">The current time.</param>
/// <param name="RoundRobin">The counters of <c>round-robin</c> routes; without them such routes pick by weighted draw.</param>
internal readonly record struct RoutingSnapshot(ITargetHealthView Health, StickyTable Sticky, DateTimeOffset Now, IRoundRobinState? RoundRobin = null);
