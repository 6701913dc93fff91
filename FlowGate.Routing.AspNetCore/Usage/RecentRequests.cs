namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>The last <see cref="Capacity"/> finished requests, newest last: a fixed ring, so it never grows.</summary>
internal sealed class RecentRequests
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly RecentRequest?[] _ring = new RecentRequest?[Capacity];
    private long _count;

    /// <summary>Gets how many requests were ever added.</summary>
    public long Total => Interlocked.Read(ref _count);

    public void Add(RecentRequest request)
    {
        lock (_gate)
        {
            _ring[_count % Capacity] = request;
            _count++;
        }
    }

    /// <summary>Gets the requests kept, oldest first.</summary>
    public IReadOnlyList<RecentRequest> Snapshot()
    {
        lock (_gate)
        {
            var kept = (int)Math.Min(_count, Capacity);
            var list = new List<RecentRequest>(kept);
            for (var i = _count - kept; i < _count; i++)
            {
                list.Add(_ring[i % Capacity]!);
            }

            return list;
        }
    }
}
