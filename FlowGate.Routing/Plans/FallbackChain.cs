using System.Collections.Immutable;

namespace FlowGate.Routing.Plans;

/// <summary>
/// Expands a route's fallback chain: the routes a request moves on to once the route's own targets are
/// exhausted, in the order they are tried.
/// </summary>
internal static class FallbackChain
{
    /// <summary>Lists the routes to try after <paramref name="route"/>, in order.</summary>
    /// <param name="route">The route the request resolved to; it is never part of the result.</param>
    /// <param name="kind">Which chain to follow.</param>
    /// <param name="lookup">
    /// Finds a route by name, case-insensitively (for example a dictionary built with
    /// <see cref="StringComparer.OrdinalIgnoreCase"/>: <c>name => routes.GetValueOrDefault(name)</c>); returns
    /// <see langword="null"/> for an unknown name. The result lists each route's own <see cref="RouteConfig.Name"/>.
    /// </param>
    /// <param name="defaultFallbacks">The profile's default fallbacks (<see cref="RetryPolicy.DefaultFallbacks"/>).</param>
    /// <param name="maxRoutes">The most routes returned; zero or less returns none.</param>
    /// <returns>
    /// The routes, breadth-first over <see cref="RouteConfig.Fallbacks"/> (<see cref="FallbackKind.General"/>) or
    /// <see cref="RouteConfig.ContextWindowFallbacks"/> (<see cref="FallbackKind.ContextWindow"/>), each route's list in
    /// its order; then, for <see cref="FallbackKind.General"/> only, <paramref name="defaultFallbacks"/> in order
    /// (not expanded further). No route appears twice (names compare case-insensitively), <paramref name="route"/>
    /// never appears, and unknown names are skipped (configuration validation reports them). Terminates on any graph,
    /// cycles included.
    /// </returns>
    /// <remarks>
    /// Default fallbacks are left out of the context-window chain: they are general-purpose routes, with no promise of
    /// a larger window, and a prompt too long for one target would waste the remaining attempts on them.
    /// </remarks>
    public static ValueArray<string> Expand(
        string route,
        FallbackKind kind,
        Func<string, RouteConfig?> lookup,
        ValueArray<string> defaultFallbacks,
        int maxRoutes)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(lookup);
        if (maxRoutes <= 0)
        {
            return default;
        }

        var result = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { route };
        var queue = new Queue<RouteConfig>();
        if (lookup(route) is { } start)
        {
            // The lookup may spell the start route differently from the request; neither spelling comes back.
            seen.Add(start.Name);
            queue.Enqueue(start);
        }

        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            var next = kind == FallbackKind.ContextWindow ? current.ContextWindowFallbacks : current.Fallbacks;
            foreach (var name in next)
            {
                if (TryVisit(name, lookup, seen) is not { } found)
                {
                    continue;
                }

                result.Add(found.Name);
                if (result.Count == maxRoutes)
                {
                    return new ValueArray<string>(result.ToImmutable());
                }

                queue.Enqueue(found);
            }
        }

        if (kind == FallbackKind.General)
        {
            foreach (var name in defaultFallbacks)
            {
                if (TryVisit(name, lookup, seen) is not { } found)
                {
                    continue;
                }

                result.Add(found.Name);
                if (result.Count == maxRoutes)
                {
                    break;
                }
            }
        }

        return new ValueArray<string>(result.ToImmutable());
    }

    // Resolves a name and marks both spellings seen; null for unknown or already seen routes.
    private static RouteConfig? TryVisit(string? name, Func<string, RouteConfig?> lookup, HashSet<string> seen)
    {
        if (name is null || seen.Contains(name) || lookup(name) is not { } found || !seen.Add(found.Name))
        {
            return null;
        }

        seen.Add(name);
        return found;
    }
}
