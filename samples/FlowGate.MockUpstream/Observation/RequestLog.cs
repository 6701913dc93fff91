namespace FlowGate.MockUpstream.Observation;

/// <summary>The last N received requests, oldest dropped first.</summary>
internal sealed class RequestLog(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<ReceivedRequest> _requests = new();

    public void Add(ReceivedRequest request)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_requests.Count == capacity)
            {
                _requests.Dequeue();
            }

            _requests.Enqueue(request);
        }
    }

    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }
}
