using System.Collections.Concurrent;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The two clocks of one request, on the gateway's <see cref="TimeProvider"/>: the request's deadline
/// (<see cref="GatewayLimits.RequestTimeout"/>, its token also cancelled when the client goes away) and each attempt's
/// first-byte limit (its token also cancelled with the deadline's). One cancellation source per clock serves every attempt
/// of the request: an attempt that ended before its limit resets its source for the next one, and on the system clock
/// both sources go back to a pool when the request ends, so the common request allocates no source, no timer and no
/// registration of its own.
/// </summary>
/// <remarks>
/// An expired limit shows as an <see cref="OperationCanceledException"/> from the work the token was passed to; which
/// clock ran out is read here: <see cref="DeadlinePassed"/> for the request, the attempt's own otherwise.
/// </remarks>
internal sealed class RequestTimeouts : IDisposable
{
    // Sources are pooled only on the system clock (a test's fake clock makes its own each time); a few per core are
    // enough to absorb the requests in flight without keeping a burst's worth alive.
    private const int PoolLimit = 256;
    private static readonly ConcurrentQueue<RequestTimeouts> Pool = new();
    private static int _pooled;

    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _deadline;
    private CancellationTokenSource? _attempt;
    private CancellationTokenRegistration _clientGone;
    private CancellationTokenRegistration _attemptLink;
    private bool _linked;
    private CancellationToken _aborted;

    private RequestTimeouts(TimeProvider time)
    {
        _time = time;
        _deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>Gets the request's token: cancelled at its deadline or when the client goes away.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>Gets whether the request's deadline passed (its token was cancelled, and not because the client went away).</summary>
    public bool DeadlinePassed => _deadline.IsCancellationRequested && !_aborted.IsCancellationRequested;

    /// <summary>Starts the request's deadline (none when <paramref name="timeout"/> is not positive); <paramref name="aborted"/> (the client's) cancels it too.</summary>
    public static RequestTimeouts Start(TimeProvider time, TimeSpan timeout, CancellationToken aborted)
    {
        var timeouts = ReferenceEquals(time, TimeProvider.System) ? FromPool() : new RequestTimeouts(time);
        timeouts._aborted = aborted;
        if (timeout > TimeSpan.Zero)
        {
            timeouts._deadline.CancelAfter(timeout);
        }

        timeouts._clientGone = aborted.UnsafeRegister(static source => Cancel((CancellationTokenSource)source!), timeouts._deadline);
        return timeouts;
    }

    /// <summary>
    /// Starts an attempt's first-byte limit (none when <paramref name="limit"/> is not positive); returns its token,
    /// cancelled at the limit or with <see cref="Deadline"/>.
    /// </summary>
    public CancellationToken StartAttempt(TimeSpan limit)
    {
        if (_attempt is { IsCancellationRequested: true })
        {
            DropAttempt();
        }

        _attempt ??= new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        if (!_linked)
        {
            _attemptLink = _deadline.Token.UnsafeRegister(static source => Cancel((CancellationTokenSource)source!), _attempt);
            _linked = true;
        }

        if (limit > TimeSpan.Zero)
        {
            _attempt.CancelAfter(limit);
        }

        return _attempt.Token;
    }

    /// <summary>
    /// Ends the attempt's limit once the answer's start is in (or the attempt failed): the source is reset for the next
    /// attempt, or, when it was cancelled (the limit ran out, or the deadline), dropped for a fresh one.
    /// </summary>
    public void EndAttempt()
    {
        if (_attempt is { } attempt && !attempt.TryReset())
        {
            DropAttempt();
        }
    }

    /// <summary>Stops both clocks; on the system clock, sources that were never cancelled go back to the pool.</summary>
    public void Dispose()
    {
        _clientGone.Dispose();
        _clientGone = default;
        _aborted = default;
        EndAttempt();
        Unlink();
        if (ReferenceEquals(_time, TimeProvider.System) && _deadline.TryReset())
        {
            if (Interlocked.Increment(ref _pooled) <= PoolLimit)
            {
                Pool.Enqueue(this);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }

        DropAttempt();
        _deadline.Dispose();
    }

    private static RequestTimeouts FromPool()
    {
        while (Pool.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref _pooled);

            // A clock that fired as its request ended is no longer usable.
            if (!pooled._deadline.IsCancellationRequested)
            {
                return pooled;
            }

            pooled.DropAttempt();
            pooled._deadline.Dispose();
        }

        return new RequestTimeouts(TimeProvider.System);
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request ended as its clock ran out: nothing is left to cancel.
        }
    }

    private void DropAttempt()
    {
        Unlink();
        _attempt?.Dispose();
        _attempt = null;
    }

    // The attempt's source stops following the deadline (a new request or a fresh source links again).
    private void Unlink()
    {
        _attemptLink.Dispose();
        _attemptLink = default;
        _linked = false;
    }
}
