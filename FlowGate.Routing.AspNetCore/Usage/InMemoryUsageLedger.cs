using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// The ledger when no file is configured: the same rows, kept in memory for this process's life. Bounded like the
/// file: rows older than <paramref name="keepDays"/> are dropped.
/// </summary>
internal sealed class InMemoryUsageLedger(int keepDays = 31) : IUsageLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UsageRowKey, (long Requests, TokenUsage Tokens)> _rows = [];

    public void Add(IReadOnlyList<UsageEntry> batch)
    {
        lock (_gate)
        {
            foreach (var entry in batch)
            {
                var key = UsageRowKey.Of(entry);
                var row = _rows.GetValueOrDefault(key);
                _rows[key] = (row.Requests + 1, row.Tokens + entry.Tokens);
            }

            if (batch.Count > 0)
            {
                var oldest = batch[^1].Day.AddDays(-keepDays);
                foreach (var stale in _rows.Keys.Where(k => k.Day < oldest).ToList())
                {
                    _rows.Remove(stale);
                }
            }
        }
    }

    public IReadOnlyList<UsageRow> Query(DateOnly since)
    {
        lock (_gate)
        {
            return [.. _rows.Where(r => r.Key.Day >= since).Select(r => new UsageRow(r.Key.Day, r.Key.Route, r.Key.Upstream, r.Key.Model, r.Key.Key, r.Value.Requests, r.Value.Tokens))];
        }
    }

    // The in-process key budget counter lives exactly as long as this ledger, so there is never anything to restore.
    public IReadOnlyDictionary<string, long> KeyBudgetTokens(DateTimeOffset dayStart) => new Dictionary<string, long>();

    public void Dispose()
    {
    }
}
