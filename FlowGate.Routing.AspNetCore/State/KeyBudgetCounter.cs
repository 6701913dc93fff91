using System.Collections.Concurrent;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The in-process <see cref="IKeyBudgetCounter"/>: one small counter per key name, each under its own lock. Bounded by
/// the keys the config names (requests without a key are not counted here).
/// </summary>
internal sealed class KeyBudgetCounter : IKeyBudgetCounter
{
    private readonly ConcurrentDictionary<string, KeyDay> _keys = new(StringComparer.Ordinal);

    public long Used(string key, DateTimeOffset dayStart) => _keys.TryGetValue(key, out var day) ? day.Read(dayStart) : 0;

    public void CountTokens(string key, DateTimeOffset dayStart, long tokens)
    {
        if (!_keys.TryGetValue(key, out var day))
        {
            day = _keys.GetOrAdd(key, static _ => new KeyDay());
        }

        day.Add(dayStart, tokens);
    }

    /// <summary>
    /// Raises a key's count of the day starting at <paramref name="dayStart"/> to a total kept elsewhere (a shared store's, which
    /// includes this replica's own counts); never lowers it, and ignores a day already past.
    /// </summary>
    public void Raise(string key, DateTimeOffset dayStart, long total)
    {
        if (!_keys.TryGetValue(key, out var day))
        {
            day = _keys.GetOrAdd(key, static _ => new KeyDay());
        }

        day.Raise(dayStart, total);
    }

    /// <summary>One key's tokens in the day that began at <see cref="_start"/>; a count for an earlier day reads as 0.</summary>
    private sealed class KeyDay
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _start;
        private long _tokens;

        public long Read(DateTimeOffset dayStart)
        {
            lock (_gate)
            {
                return _start == dayStart ? _tokens : 0;
            }
        }

        public void Raise(DateTimeOffset dayStart, long total)
        {
            lock (_gate)
            {
                if (dayStart < _start)
                {
                    return;
                }

                if (_start != dayStart)
                {
                    _start = dayStart;
                    _tokens = 0;
                }

                _tokens = Math.Max(_tokens, total);
            }
        }

        public void Add(DateTimeOffset dayStart, long tokens)
        {
            lock (_gate)
            {
                if (_start != dayStart)
                {
                    // A count for an older day (a request that began before the boundary) does not reopen that day.
                    if (dayStart < _start)
                    {
                        return;
                    }

                    _start = dayStart;
                    _tokens = 0;
                }

                _tokens += Math.Max(0, tokens);
            }
        }
    }
}
