namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>A histogram series: a count per bucket (not cumulative) and the sum, updated without locks.</summary>
internal sealed class HistogramCell(int buckets)
{
    private readonly long[] _counts = new long[buckets + 1];
    private readonly CounterCell _sum = new();

    public double Sum => _sum.Value;

    public void Record(int bucket, double value)
    {
        Interlocked.Increment(ref _counts[bucket]);
        _sum.Add(value);
    }

    /// <summary>Copies the per-bucket counts (the last one is +Inf).</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }
}
