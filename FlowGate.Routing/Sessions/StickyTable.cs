using System.Collections.Immutable;

namespace FlowGate.Routing.Sessions;

/// <summary>
/// Sticky sessions as pure state transitions: an immutable table of (session, route) → target bindings with a
/// time to live and a bounded size. Every change returns a new table; the host swaps its reference atomically,
/// and a decision reads whichever snapshot it started with. Each session's most recent binding on any route
/// is also kept, so a request carrying a thinking signature can find the target that made it.
/// </summary>
internal sealed class StickyTable
{
    private readonly ImmutableDictionary<(string Session, string Route), StickyEntry> _bindings;
    private readonly ImmutableDictionary<string, StickyEntry> _latest;

    private StickyTable(StickyPolicy policy, ImmutableDictionary<(string, string), StickyEntry> bindings, ImmutableDictionary<string, StickyEntry> latest)
    {
        Policy = policy;
        _bindings = bindings;
        _latest = latest;
    }

    /// <summary>Gets the policy (time to live, capacity).</summary>
    public StickyPolicy Policy { get; }

    /// <summary>Gets the number of (session, route) bindings held, expired ones included until pruned.</summary>
    public int Count => _bindings.Count;

    /// <summary>Creates an empty table.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The table.</returns>
    public static StickyTable Empty(StickyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new StickyTable(
            policy,
            ImmutableDictionary.Create<(string, string), StickyEntry>(SessionRouteComparer.Instance),
            ImmutableDictionary.Create<string, StickyEntry>(StringComparer.Ordinal));
    }

    /// <summary>Gets the target a session is bound to on a route, if the binding is still alive.</summary>
    /// <param name="session">The session key.</param>
    /// <param name="route">The route name.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The bound target, or <see langword="null"/>.</returns>
    public TargetId? Lookup(string session, string route, DateTimeOffset now) =>
        Policy.Enabled && _bindings.TryGetValue((session, route), out var entry) && IsAlive(entry, now) ? entry.Target : null;

    /// <summary>Gets the target that most recently served the session on any route, if still alive.</summary>
    /// <param name="session">The session key.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The target, or <see langword="null"/>.</returns>
    public TargetId? LatestForSession(string session, DateTimeOffset now) =>
        Policy.Enabled && _latest.TryGetValue(session, out var entry) && IsAlive(entry, now) ? entry.Target : null;

    /// <summary>The time a session's binding on a route was last used, when it points at <paramref name="target"/>, alive or not.</summary>
    internal DateTimeOffset? LastUsed(string session, string route, TargetId target) =>
        _bindings.TryGetValue((session, route), out var entry) && entry.Target == target ? entry.LastUsed : null;

    /// <summary>Binds a session on a route to the target that just served it successfully.</summary>
    /// <param name="session">The session key.</param>
    /// <param name="route">The route name.</param>
    /// <param name="target">The target.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The new table; past capacity, expired bindings and then the least recently used fifth are dropped.</returns>
    public StickyTable Bind(string session, string route, TargetId target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(route);
        if (!Policy.Enabled)
        {
            return this;
        }

        var entry = new StickyEntry(target, now);
        var bindings = _bindings.SetItem((session, route), entry);
        var latest = _latest.SetItem(session, entry);
        return bindings.Count > Policy.Capacity ? Evict(bindings, latest, now) : new StickyTable(Policy, bindings, latest);
    }

    /// <summary>
    /// Removes a session's binding on a route when it points at <paramref name="target"/> (after an auth or client
    /// error of that target), so the next request picks afresh.
    /// </summary>
    /// <param name="session">The session key.</param>
    /// <param name="route">The route name.</param>
    /// <param name="target">The target that failed.</param>
    /// <returns>The new table, or this one when nothing changed.</returns>
    public StickyTable Unbind(string session, string route, TargetId target)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(route);
        if (!_bindings.TryGetValue((session, route), out var entry) || entry.Target != target)
        {
            return this;
        }

        var latest = _latest.TryGetValue(session, out var last) && last.Target == target ? _latest.Remove(session) : _latest;
        return new StickyTable(Policy, _bindings.Remove((session, route)), latest);
    }

    /// <summary>Drops every expired binding.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The new table.</returns>
    public StickyTable Prune(DateTimeOffset now)
    {
        var bindings = _bindings.RemoveRange(_bindings.Where(b => !IsAlive(b.Value, now)).Select(b => b.Key));
        var latest = _latest.RemoveRange(_latest.Where(b => !IsAlive(b.Value, now)).Select(b => b.Key));
        return bindings.Count == _bindings.Count && latest.Count == _latest.Count ? this : new StickyTable(Policy, bindings, latest);
    }

    private bool IsAlive(StickyEntry entry, DateTimeOffset now) => now - entry.LastUsed < Policy.Ttl;

    private StickyTable Evict(ImmutableDictionary<(string, string), StickyEntry> bindings, ImmutableDictionary<string, StickyEntry> latest, DateTimeOffset now)
    {
        // Dropping a fifth at once (as agent-cli did) makes the O(n log n) sort rare: once per Capacity/5 binds.
        var live = bindings.Where(b => IsAlive(b.Value, now)).OrderByDescending(b => b.Value.LastUsed).ToList();
        var keep = live.Count > Policy.Capacity ? live.Take(Policy.Capacity - Math.Max(1, Policy.Capacity / 5)) : live;
        var kept = bindings.Clear().AddRange(keep);
        var sessions = kept.Keys.Select(k => k.Item1).ToHashSet(StringComparer.Ordinal);
        var keptLatest = latest.RemoveRange(latest.Keys.Where(s => !sessions.Contains(s)));
        return new StickyTable(Policy, kept, keptLatest);
    }
}
