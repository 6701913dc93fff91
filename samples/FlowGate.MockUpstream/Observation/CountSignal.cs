namespace FlowGate.MockUpstream.Observation;

/// <summary>A thread-safe counter that tasks can wait on until it reaches a value.</summary>
internal sealed class CountSignal
{
    private readonly Lock _lock = new();
    private readonly List<(long Target, TaskCompletionSource Source)> _waiters = [];
    private long _value;
    private int _waiting;

    public long Value => Interlocked.Read(ref _value);

    public long Increment()
    {
        var value = Interlocked.Increment(ref _value);
        if (Volatile.Read(ref _waiting) > 0)
        {
            lock (_lock)
            {
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Target <= value)
                    {
                        _waiters[i].Source.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }

                Volatile.Write(ref _waiting, _waiters.Count);
            }
        }

        return value;
    }

    public void Reset() => Interlocked.Exchange(ref _value, 0);

    public async Task WaitAsync(long target, CancellationToken cancellationToken)
    {
        TaskCompletionSource source;
        lock (_lock)
        {
            if (Value >= target)
            {
                return;
            }

            source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, source));
            Volatile.Write(ref _waiting, _waiters.Count);
        }

        // Re-check: an increment between the read above and the registration would otherwise be missed.
        if (Value >= target)
        {
            source.TrySetResult();
        }

        await source.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
