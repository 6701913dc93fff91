namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The gateway-wide budget for bodies held in memory: request bodies while their request lasts, and whole answers
/// while they are checked or translated. Each request takes a <see cref="BodyLease"/> and reserves every buffer it
/// grows; a reservation that would take the sum past the limit is refused (<see cref="BodyBudgetExceededException"/>),
/// and the request is answered 503 with <c>Retry-After</c> instead of growing the process. Lock-free: one counter.
/// </summary>
/// <remarks>
/// The budget bounds the peak; it also gives the memory back after it. Once the bodies of a burst are released the
/// collector has freed their arrays but keeps the memory committed, and with no further allocation no collection
/// comes to return it: a process that took 25 MiB uploads would sit at its peak for good. So when the reserved bytes
/// fall back under <see cref="GiveBackBelow"/> after having reached <see cref="GiveBackAfterPeak"/>, one aggressive
/// (compacting, decommitting) collection runs off the request path <see cref="GiveBackDelay"/> later, at most once per
/// <see cref="GiveBackInterval"/>.
/// Its pause is a few milliseconds on the small heap that is left, against the far larger cost of the bodies.
/// </remarks>
internal sealed class BodyBudget
{
    internal const long GiveBackAfterPeak = 64L * 1024 * 1024;
    internal const long GiveBackBelow = 16L * 1024 * 1024;
    internal static readonly TimeSpan GiveBackInterval = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan GiveBackDelay = TimeSpan.FromSeconds(1);

    private long _reserved;
    private long _peak;
    private int _givingBack;
    private long _lastGiveBack;

    /// <summary>Gets the bytes reserved now, across every request.</summary>
    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>Opens one request's lease against a budget of <paramref name="limit"/> bytes (the current configuration's).</summary>
    public BodyLease Lease(long limit) => new(this, limit);

    internal bool TryReserve(long bytes, long limit)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _reserved);
            if (current + bytes > limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _reserved, current + bytes, current) == current)
            {
                // A racing update may keep a slightly lower peak: it only decides whether to give memory back.
                if (current + bytes > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, current + bytes);
                }

                return true;
            }
        }
    }

    internal void Release(long bytes)
    {
        var left = Interlocked.Add(ref _reserved, -bytes);
        if (left < GiveBackBelow && Interlocked.Read(ref _peak) >= GiveBackAfterPeak && Interlocked.CompareExchange(ref _givingBack, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _peak, 0);
            var wait = Interlocked.Read(ref _lastGiveBack) + (long)GiveBackInterval.TotalMilliseconds - Environment.TickCount64;
            _ = GiveBackAsync(TimeSpan.FromMilliseconds(Math.Clamp(wait, (long)GiveBackDelay.TotalMilliseconds, (long)GiveBackInterval.TotalMilliseconds)));
        }
    }

    private async Task GiveBackAsync(TimeSpan wait)
    {
        try
        {
            // Never on the releasing request's thread, and a moment later: the requests that just released their
            // bytes still hold their arrays until they end, and a collection now would keep them.
            await Task.Delay(wait).ConfigureAwait(false);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        finally
        {
            Interlocked.Exchange(ref _lastGiveBack, Environment.TickCount64);
            Interlocked.Exchange(ref _givingBack, 0);
        }
    }
}
