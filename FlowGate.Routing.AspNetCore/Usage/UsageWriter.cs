using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Writes usage entries to the ledger off the request path: a request only offers its entry to a bounded channel
/// (never waiting; when the writer has fallen that far behind the entry is dropped and counted), and one background
/// loop drains the channel in batches into the ledger. A batch gathers for up to <see cref="GatherTime"/> after its
/// first entry (a flush or the writer's disposal cuts that short), so a busy gateway commits about ten times a second
/// rather than every few requests; a backlog is written in batches of up to 512 entries without waiting.
/// </summary>
internal sealed partial class UsageWriter : IAsyncDisposable
{
    /// <summary>The most entries waiting at once; beyond it new entries are dropped rather than a request made to wait.</summary>
    public const int Capacity = 16 * 1024;

    /// <summary>How long a batch gathers entries after its first one before it is written.</summary>
    public static readonly TimeSpan GatherTime = TimeSpan.FromMilliseconds(100);

    private const int BatchSize = 512;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly ILogger _log;

    // Released by a flush or the disposal: the batch gathering now is written at once.
    private readonly SemaphoreSlim _hurry = new(0);
    private readonly Task _loop;
    private long _dropped;

    public UsageWriter(IUsageLedger ledger, ILogger<UsageWriter> log)
    {
        Ledger = ledger;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    public IUsageLedger Ledger { get; }

    /// <summary>Gets how many entries were dropped because the writer was too far behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Offers an entry; returns at once.</summary>
    public void Enqueue(UsageEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Waits until every entry offered before this call is in the ledger.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(done))
        {
            // Full or closed: the queue is draining anyway; waiting for a slot keeps the order.
            try
            {
                await _queue.Writer.WriteAsync(done, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return;
            }
        }

        _hurry.Release();

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _hurry.Release();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<UsageEntry>(BatchSize);
        var flushes = new List<TaskCompletionSource>();
        var backlog = false;
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (!backlog)
            {
                // One commit for what arrives within the window: each commit is a write (and at times a sync) of the file.
                await _hurry.WaitAsync(GatherTime).ConfigureAwait(false);
                while (_hurry.CurrentCount > 0 && _hurry.Wait(0))
                {
                    // Several flushes asked at once: one early write serves them all.
                }
            }

            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                if (item is UsageEntry entry)
                {
                    batch.Add(entry);
                }
                else
                {
                    flushes.Add((TaskCompletionSource)item);
                }
            }

            try
            {
                if (batch.Count > 0)
                {
                    Ledger.Add(batch);
                }
            }
            catch (Exception e)
            {
                // The ledger is a record, not the service: a failed write costs these rows, never a request.
                Interlocked.Add(ref _dropped, batch.Count);
                LogWriteFailed(_log, batch.Count, e);
            }

            backlog = batch.Count == BatchSize;
            batch.Clear();
            foreach (var flush in flushes)
            {
                flush.TrySetResult();
            }

            flushes.Clear();
        }
    }

    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "The usage ledger could not write {Count} entries; they are lost.")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
