using System.Collections.Concurrent;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// How many times in a row a session's requests for a model have failed (agent-cli's auto-upgrade trigger), forgotten
/// after the policy's window. Capped: past <see cref="Capacity"/> sessions the stale ones are dropped, then all.
/// </summary>
internal sealed class FailureStreaks
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Session, string Model), (int Count, DateTimeOffset At)> _streaks = new();

    /// <summary>Gets or sets where local changes are passed on to other replicas; none by default.</summary>
    public IStateReplication? Replication { get; set; }

    public int Get(string? session, string model, DateTimeOffset now, TimeSpan window) =>
        session is not null && _streaks.TryGetValue((session, model), out var s) && now - s.At < window ? s.Count : 0;

    public void Failed(string? session, string model, DateTimeOffset now, TimeSpan window)
    {
        if (session is null)
        {
            return;
        }

        if (_streaks.Count >= Capacity)
        {
            foreach (var stale in _streaks.Where(s => now - s.Value.At >= window).Select(s => s.Key).ToList())
            {
                _streaks.TryRemove(stale, out _);
            }

            if (_streaks.Count >= Capacity)
            {
                _streaks.Clear();
            }
        }

        var (count, _) = _streaks.AddOrUpdate((session, model), (1, now), (_, s) => (now - s.At < window ? s.Count + 1 : 1, now));
        Replication?.StreakFailed(session, model, count, now);
    }

    public void Succeeded(string? session, string model)
    {
        if (session is not null && _streaks.TryRemove((session, model), out _))
        {
            Replication?.StreakEnded(session, model);
        }
    }

    /// <summary>Applies another replica's streak (the larger count wins: both replicas saw failures).</summary>
    public void FailedShared(string session, string model, int count, DateTimeOffset at) =>
        _streaks.AddOrUpdate((session, model), (count, at), (_, s) => (Math.Max(count, s.Count), at > s.At ? at : s.At));

    /// <summary>Applies another replica's success.</summary>
    public void EndedShared(string session, string model) => _streaks.TryRemove((session, model), out _);
}
