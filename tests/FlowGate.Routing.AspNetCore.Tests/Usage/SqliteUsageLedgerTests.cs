using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

public sealed class SqliteUsageLedgerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "flowgate-ledger-" + Guid.NewGuid().ToString("N"));

    private string File => Path.Combine(_directory, "state", "usage.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Rows_SurviveReopening_AndAddUp()
    {
        var at = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
        using (var ledger = new SqliteUsageLedger(File))
        {
            ledger.Add([Entry(at, "r", new TokenUsage(10, 5, 1, 2, 3)), Entry(at.AddMinutes(1), "r", new TokenUsage(1, 1)), Entry(at, "other", new TokenUsage(4, 4))]);
        }

        using (var reopened = new SqliteUsageLedger(File))
        {
            reopened.Add([Entry(at.AddHours(1), "r", new TokenUsage(100, 0))]);
            var rows = reopened.Query(new DateOnly(2026, 12, 6)).ToDictionary(r => r.Route);

            Assert.Equal((3L, new TokenUsage(111, 6, 1, 2, 3)), (rows["r"].Requests, rows["r"].Tokens));
            Assert.Equal((1L, new TokenUsage(4, 4)), (rows["other"].Requests, rows["other"].Tokens));
            Assert.Empty(reopened.Query(new DateOnly(2026, 12, 7)));
        }
    }

    [Fact]
    public void OldDays_RollUpIntoTheirMonth_RecentDaysStay()
    {
        using var ledger = new SqliteUsageLedger(File) { RollUpAfterDays = 31 };
        var today = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

        ledger.Add([
            Entry(new DateTimeOffset(2026, 8, 3, 0, 0, 0, TimeSpan.Zero), "r", new TokenUsage(1, 1)),
            Entry(new DateTimeOffset(2026, 8, 20, 0, 0, 0, TimeSpan.Zero), "r", new TokenUsage(2, 2)),
            Entry(today.AddDays(-2), "r", new TokenUsage(5, 5)),
            Entry(today, "r", new TokenUsage(7, 7)),
        ]);

        var rows = ledger.Query(DateOnly.MinValue);
        Assert.Equal(
            [(new DateOnly(2026, 8, 1), 2L, new TokenUsage(3, 3)), (new DateOnly(2026, 12, 4), 1L, new TokenUsage(5, 5)), (new DateOnly(2026, 12, 6), 1L, new TokenUsage(7, 7))],
            rows.Select(r => (r.Day, r.Requests, r.Tokens)).ToArray());
    }

    [Fact]
    public void BeyondTheRowCap_TheOldestRowsGo()
    {
        using var ledger = new SqliteUsageLedger(File) { MaxRows = 3 };
        var today = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

        ledger.Add([.. Enumerable.Range(0, 5).Select(i => Entry(today.AddDays(i - 4), "r", new TokenUsage(i, 0)))]);

        Assert.Equal([2L, 3L, 4L], ledger.Query(DateOnly.MinValue).Select(r => r.Tokens.Input).ToArray());
    }

    private static UsageEntry Entry(DateTimeOffset at, string route, TokenUsage tokens) => new(at, route, "up", "model", "key-1", tokens);
}
