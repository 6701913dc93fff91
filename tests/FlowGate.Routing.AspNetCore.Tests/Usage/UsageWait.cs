using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.AspNetCore.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>
/// Reads what a gateway recorded. A request is recorded once its handler has finished, which may be a moment after the
/// client read the last byte: the helpers wait (boundedly, on the ledger's own flush) for the rows to appear.
/// </summary>
internal static class UsageWait
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<UsageRow>> RowsAsync(TestGateway gateway, Func<IReadOnlyList<UsageRow>, bool> done)
    {
        var writer = gateway.Services.GetRequiredService<UsageWriter>();
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            await writer.FlushAsync(patience.Token);
            var rows = writer.Ledger.Query(DateOnly.MinValue);
            if (done(rows) || patience.IsCancellationRequested)
            {
                return rows;
            }

            await Task.Delay(20, patience.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public static Task<IReadOnlyList<UsageRow>> RequestsAsync(TestGateway gateway, long requests) =>
        RowsAsync(gateway, rows => rows.Sum(r => r.Requests) >= requests);
}
