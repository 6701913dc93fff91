namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// The cap on distinct series across all instruments, so a tag with unexpected cardinality cannot grow memory
/// without bound; measurements of series past the cap are counted as dropped.
/// </summary>
internal sealed class SeriesBudget(int capacity)
{
    private int _used;
    private long _dropped;

    public int Capacity { get; } = capacity;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Takes one series from the budget; two threads racing on the same new series may both take one, which only makes the cap slightly conservative.</summary>
    public bool TryTake()
    {
        if (Volatile.Read(ref _used) >= Capacity || Interlocked.Increment(ref _used) > Capacity)
        {
            Drop();
            return false;
        }

        return true;
    }

    public void Drop() => Interlocked.Increment(ref _dropped);
}
