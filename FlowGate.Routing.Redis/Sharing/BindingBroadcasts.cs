using System.Collections.Concurrent;
using FlowGate.Routing.Sessions;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// Decides which sticky bindings are worth sending to Redis. A session's requests bind it again on every answer, almost
/// always to the target it already had: broadcasting each of those would put a key write and a pub/sub message on every
/// request for nothing. So a binding is sent only when it is new, when it moves to another target, or when the last copy
/// the replicas share (sent from here or received from another replica) is a quarter of the time to live old, which
/// keeps the key in Redis and the other replicas' copies alive while the session is in use. A binding idle everywhere
/// then expires on the other replicas between three quarters of the time to live and the whole of it after its last use.
/// </summary>
internal sealed class BindingBroadcasts
{
    private readonly ConcurrentDictionary<(string Session, string Route), Shared> _shared = new(SessionRouteComparer.Instance);

    /// <summary>Gets the number of bindings remembered (for tests).</summary>
    public int Count => _shared.Count;

    /// <summary>
    /// Gets whether a local binding must be sent; when it must, it is remembered as shared at <paramref name="at"/>.
    /// Allocates nothing when the answer is no.
    /// </summary>
    public bool ShouldSend(string session, string route, TargetId target, DateTimeOffset at, TimeSpan ttl, int capacity)
    {
        if (_shared.TryGetValue((session, route), out var last) && last.Target == target && at.UtcTicks - last.AtTicks < ttl.Ticks / 4)
        {
            return false;
        }

        Remember(session, route, target, at.UtcTicks, ttl, capacity);
        return true;
    }

    /// <summary>Remembers a binding another replica shared (a local use of it within a quarter of the time to live is not sent again).</summary>
    public void Received(string session, string route, TargetId target, DateTimeOffset at, TimeSpan ttl, int capacity)
    {
        if (!_shared.TryGetValue((session, route), out var last) || last.AtTicks <= at.UtcTicks || last.Target != target)
        {
            Remember(session, route, target, at.UtcTicks, ttl, capacity);
        }
    }

    /// <summary>Forgets a binding that was removed (here or elsewhere): binding it again is news.</summary>
    public void Forget(string session, string route) => _shared.TryRemove((session, route), out _);

    /// <summary>Forgets every binding (after a reconnection: Redis may have lost them).</summary>
    public void Clear() => _shared.Clear();

    private void Remember(string session, string route, TargetId target, long atTicks, TimeSpan ttl, int capacity)
    {
        if (_shared.Count >= capacity)
        {
            // Past the sticky table's own bound: the expired entries go, then all (forgetting only costs a re-send).
            foreach (var stale in _shared.Where(s => atTicks - s.Value.AtTicks >= ttl.Ticks).Select(s => s.Key).ToList())
            {
                _shared.TryRemove(stale, out _);
            }

            if (_shared.Count >= capacity)
            {
                _shared.Clear();
            }
        }

        _shared[(session, route)] = new Shared(target, atTicks);
    }

    private readonly record struct Shared(TargetId Target, long AtTicks);
}
