using System.Collections.Concurrent;
using FlowGate.MockUpstream.Observation;

namespace FlowGate.MockUpstream;

/// <summary>Thread-safe counts of what a <see cref="MockUpstreamServer"/> received: attempts per request id and per endpoint, totals and client disconnects.</summary>
public sealed class MockCounters
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly long[] _endpoints = new long[Enum.GetValues<MockEndpoint>().Length];
    private readonly CountSignal _total = new();
    private readonly CountSignal _aborts = new();
    private readonly CountSignal _completed = new();
    private long _resets;

    /// <summary>Gets the number of requests received.</summary>
    public long Total => _total.Value;

    /// <summary>Gets the number of requests whose client went away (<c>RequestAborted</c>) before the mock finished answering.</summary>
    public long ClientAborts => _aborts.Value;

    /// <summary>Gets the number of requests the mock finished answering (normally, with an error status or a fault of its own).</summary>
    public long Completed => _completed.Value;

    /// <summary>Gets the number of connections the mock aborted itself (<c>reset-*</c> faults).</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>Gets the number of attempts seen for a request id (the <c>x-mock-request-id</c> header, else <c>body-</c> + a hash of the body).</summary>
    public int Attempts(string requestId) => _attempts.TryGetValue(requestId, out var count) ? count : 0;

    /// <summary>Gets the number of requests an endpoint received.</summary>
    public long ForEndpoint(MockEndpoint endpoint) => Interlocked.Read(ref _endpoints[(int)endpoint]);

    /// <summary>Gets a snapshot of the attempts per request id.</summary>
    public IReadOnlyDictionary<string, int> AttemptsByRequestId() => new Dictionary<string, int>(_attempts, StringComparer.Ordinal);

    /// <summary>Waits until at least <paramref name="count"/> client disconnects were observed in total.</summary>
    public Task WaitForAbortsAsync(long count = 1, CancellationToken cancellationToken = default) => _aborts.WaitAsync(count, cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> requests were received in total.</summary>
    public Task WaitForRequestsAsync(long count, CancellationToken cancellationToken = default) => _total.WaitAsync(count, cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> requests were finished in total.</summary>
    public Task WaitForCompletedAsync(long count, CancellationToken cancellationToken = default) => _completed.WaitAsync(count, cancellationToken);

    /// <summary>Sets every count back to zero (waiters already registered stay registered).</summary>
    public void Reset()
    {
        _attempts.Clear();
        for (var i = 0; i < _endpoints.Length; i++)
        {
            Interlocked.Exchange(ref _endpoints[i], 0);
        }

        _total.Reset();
        _aborts.Reset();
        _completed.Reset();
        Interlocked.Exchange(ref _resets, 0);
    }

    internal int RecordAttempt(string requestId, MockEndpoint endpoint)
    {
        var attempt = _attempts.AddOrUpdate(requestId, 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _endpoints[(int)endpoint]);
        _total.Increment();
        return attempt;
    }

    internal void RecordAbort() => _aborts.Increment();

    internal void RecordCompleted() => _completed.Increment();

    internal void RecordReset() => Interlocked.Increment(ref _resets);
}
