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

        _streaks.AddOrUpdate((session, model), (1, now), (_, s) => (now - s.At < window ? s.Count + 1 : 1, now));
    }

    public void Succeeded(string? session, string model)
    {
        if (session is not null)
        {
            _streaks.TryRemove((session, model), out _);
        }
    }
}
