namespace FlowGate.MockUpstream.Hosting;

/// <summary>How one request ended, decided once: finished by the mock, aborted by the client, or reset by the mock.</summary>
internal sealed class RequestState(ReceivedRequest request, MockCounters counters)
{
    private const int Running = 0;
    private const int Finished = 1;
    private const int Aborted = 2;
    private const int Reset = 3;

    private int _state;

    /// <summary>The client went away (RequestAborted) before the mock was done.</summary>
    public void OnAborted()
    {
        if (Interlocked.CompareExchange(ref _state, Aborted, Running) == Running)
        {
            request.MarkClientAborted();
            counters.RecordAbort();
        }
    }

    /// <summary>The mock is about to abort the connection itself.</summary>
    public void OnReset()
    {
        if (Interlocked.CompareExchange(ref _state, Reset, Running) == Running)
        {
            counters.RecordReset();
            counters.RecordCompleted();
        }
    }

    /// <summary>The mock has written all it meant to.</summary>
    public void OnFinished()
    {
        if (Interlocked.CompareExchange(ref _state, Finished, Running) == Running)
        {
            counters.RecordCompleted();
        }
    }
}
