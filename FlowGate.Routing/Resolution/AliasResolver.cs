namespace FlowGate.Routing.Resolution;

/// <summary>Follows exact alias chains to a route, detecting cycles instead of looping.</summary>
internal static class AliasResolver
{
    /// <summary>Follows <paramref name="name"/> through the aliases until it reaches a terminal name.</summary>
    /// <param name="name">The name to resolve.</param>
    /// <param name="aliasTarget">Returns the target of an alias, or <see langword="null"/> when the name is no alias.</param>
    /// <param name="isTerminal">Tells whether a name is a route or an upgrade name, where the walk stops.</param>
    /// <returns>The walk: resolved, unknown, or a cycle; it always terminates.</returns>
    public static AliasWalk Walk(string name, Func<string, string?> aliasTarget, Func<string, bool> isTerminal)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(aliasTarget);
        ArgumentNullException.ThrowIfNull(isTerminal);

        var chain = new List<string>();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var current = name;
        while (true)
        {
            // A route wins over an alias of the same name, so the first terminal name ends the walk.
            if (isTerminal(current))
            {
                return new AliasWalk(AliasWalkStatus.Resolved, current, chain.ToValueArray());
            }

            if (!visited.Add(current))
            {
                return new AliasWalk(AliasWalkStatus.Cycle, current, chain.ToValueArray());
            }

            var next = aliasTarget(current);
            if (next is null)
            {
                return new AliasWalk(AliasWalkStatus.Unknown, current, chain.ToValueArray());
            }

            chain.Add(current);
            current = next;
        }
    }
}
