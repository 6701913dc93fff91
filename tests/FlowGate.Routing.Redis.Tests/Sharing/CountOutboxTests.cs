using System.Collections.Concurrent;
using FlowGate.Routing.Redis.Sharing;
using FlowGate.Routing.Redis.Tests.Support;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>Budget increments leave the request path as an enqueue and reach Redis summed per counter, none lost.</summary>
public sealed class CountOutboxTests
{
    private static readonly PendingCount Requests = new(new TargetId("up", "m"), null, 600_000_000, 'r');
    private static readonly PendingCount Tokens = Requests with { Field = 't' };
    private static readonly PendingCount KeyTokens = new(default, "team", 864_000_000_000, 't');

    [Fact]
    public void Increments_AreSentPerCounter_WithTheirSum()
    {
        var sent = new List<(PendingCount Counter, long Amount)>();
        // The flush the first Add queues on the thread pool may run at any point: the list is locked.
        var outbox = new CountOutbox((c, a) =>
        {
            lock (sent)
            {
                sent.Add((c, a));
            }
        });
        for (var i = 0; i < 10; i++)
        {
            outbox.Add(Requests, 1);
            outbox.Add(Tokens, 100);
        }

        outbox.Add(KeyTokens, 7);
        outbox.Execute();

        lock (sent)
        {
            Assert.Equal(10, sent.Where(s => s.Counter == Requests).Sum(s => s.Amount));
            Assert.Equal(1000, sent.Where(s => s.Counter == Tokens).Sum(s => s.Amount));
            Assert.Equal(7, sent.Where(s => s.Counter == KeyTokens).Sum(s => s.Amount));
        }
    }

    [Fact]
    public async Task IncrementsFromManyThreads_AllArrive_WithoutAnExplicitFlush()
    {
        var totals = new ConcurrentDictionary<PendingCount, long>();
        var outbox = new CountOutbox((c, a) => totals.AddOrUpdate(c, a, (_, t) => t + a));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                outbox.Add(Requests, 1);
            }
        })));

        // The thread pool's flushes deliver everything; polled with a generous limit, never timed.
        await Eventually.TrueAsync(() => totals.GetValueOrDefault(Requests) == 40_000, "every increment was sent");
        Assert.Equal(40_000, totals[Requests]);
    }
}
