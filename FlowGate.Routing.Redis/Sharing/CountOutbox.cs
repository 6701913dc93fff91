using System.Collections.Concurrent;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// Budget increments on their way to Redis. A request only enqueues its increment (no allocation, no I/O) and, if no
/// flush is already queued, queues one on the thread pool; the flush sums what has gathered per counter and sends each
/// sum once (an <c>INCRBY</c> and one message instead of one per request). Under load many requests share one flush;
/// when idle, an increment leaves at once, so the other replicas see it about one thread-pool hop later than a direct
/// write would.
/// </summary>
internal sealed class CountOutbox(Action<PendingCount, long> send) : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<(PendingCount Counter, long Amount)> _queue = new();
    private readonly Dictionary<PendingCount, long> _sums = [];
    private readonly Lock _flushing = new();
    private int _flushQueued;

    public void Add(PendingCount counter, long amount)
    {
        _queue.Enqueue((counter, amount));
        if (Interlocked.CompareExchange(ref _flushQueued, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Sends what has gathered (the thread pool calls it; tests and shutdown may too).</summary>
    public void Execute()
    {
        // Cleared before draining: an increment enqueued after this line queues the next flush, one enqueued before it
        // is drained below, so none is left behind.
        Volatile.Write(ref _flushQueued, 0);
        lock (_flushing)
        {
            while (_queue.TryDequeue(out var item))
            {
                _sums[item.Counter] = _sums.GetValueOrDefault(item.Counter) + item.Amount;
            }

            foreach (var (counter, sum) in _sums)
            {
                send(counter, sum);
            }

            _sums.Clear();
        }
    }
}
