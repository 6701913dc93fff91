namespace FlowGate.Routing.Selection;

/// <summary>
/// The host's smooth round-robin counters, one <see cref="long"/> per target of each <c>round-robin</c> route,
/// kept between requests. The core updates them in place; the host serialises access per route.
/// </summary>
internal interface IRoundRobinState
{
    /// <summary>Gets the counters of a route, at least one per target.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The counters.</returns>
    Span<long> CountersOf(RouteEntry route);
}
