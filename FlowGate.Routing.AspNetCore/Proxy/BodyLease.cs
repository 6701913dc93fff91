namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// One request's share of the <see cref="BodyBudget"/>. Buffers reserve as they grow; an attempt releases back to the
/// <see cref="Mark"/> taken before it, and disposing the lease releases the rest.
/// </summary>
internal sealed class BodyLease(BodyBudget budget, long limit) : IDisposable
{
    private long _held;

    /// <summary>Gets the bytes this request holds reserved.</summary>
    public long Mark => Interlocked.Read(ref _held);

    /// <summary>
    /// Reserves <paramref name="bytes"/> more; throws <see cref="BodyBudgetExceededException"/> when the budget cannot
    /// take them, or cannot take <paramref name="headroom"/> bytes more after them (room this request will need next).
    /// </summary>
    public void Reserve(long bytes, long headroom = 0)
    {
        if (bytes <= 0)
        {
            return;
        }

        if (!budget.TryReserve(bytes, limit - headroom))
        {
            throw new BodyBudgetExceededException(limit);
        }

        Interlocked.Add(ref _held, bytes);
    }

    /// <summary>Releases what was reserved since <paramref name="mark"/> (a value of <see cref="Mark"/>).</summary>
    public void ReleaseTo(long mark)
    {
        var extra = Interlocked.Read(ref _held) - mark;
        if (extra > 0)
        {
            Interlocked.Add(ref _held, -extra);
            budget.Release(extra);
        }
    }

    public void Dispose() => ReleaseTo(0);
}
