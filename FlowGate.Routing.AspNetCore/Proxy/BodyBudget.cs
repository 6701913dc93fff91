namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The gateway-wide budget for bodies held in memory: request bodies while their request lasts, and whole answers
/// while they are checked or translated. Each request takes a <see cref="BodyLease"/> and reserves every buffer it
/// grows; a reservation that would take the sum past the limit is refused (<see cref="BodyBudgetExceededException"/>),
/// and the request is answered 503 with <c>Retry-After</c> instead of growing the process. Lock-free: one counter.
/// </summary>
internal sealed class BodyBudget
{
    private long _reserved;

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
                return true;
            }
        }
    }

    internal void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
