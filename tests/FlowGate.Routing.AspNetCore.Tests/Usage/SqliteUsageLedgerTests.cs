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

    [Fact]
    public void KeyBudgetTokens_AddUpWithinADay_StartAgainOnTheNext_IgnoreALatePastDay_AndSurviveReopening()
    {
        // Budget days starting at 23:00 UTC: the day rows (UTC dates) cannot say what falls in one.
        var day1 = new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        using (var ledger = new SqliteUsageLedger(File))
        {
            ledger.Add([KeyEntry(day1.AddHours(2), "alice", 10, day1), KeyEntry(day1.AddHours(3), "alice", 5, day1), KeyEntry(day1.AddHours(3), "bob", 7, day1), Entry(day1.AddHours(3), "r", new TokenUsage(99, 0))]);
            Assert.Equal(new Dictionary<string, long> { ["alice"] = 15, ["bob"] = 7 }, ledger.KeyBudgetTokens(day1));

            // A batch across the boundary: alice's new day starts from its own tokens; a late entry of the day before is not counted.
            ledger.Add([KeyEntry(day2.AddMinutes(1), "alice", 4, day2), KeyEntry(day2.AddMinutes(-1), "alice", 100, day1)]);
            ledger.Add([KeyEntry(day2.AddMinutes(2), "alice", 1, day2), KeyEntry(day2.AddMinutes(2), "bob", 2, day1)]);
        }

        using var reopened = new SqliteUsageLedger(File);
        Assert.Equal(new Dictionary<string, long> { ["alice"] = 5 }, reopened.KeyBudgetTokens(day2));
        Assert.Equal(new Dictionary<string, long> { ["bob"] = 9 }, reopened.KeyBudgetTokens(day1));
    }

    private static UsageEntry KeyEntry(DateTimeOffset at, string key, long tokens, DateTimeOffset budgetDay) =>
        new(at, "r", "up", "model", key, new TokenUsage(tokens, 0), budgetDay);

    private static UsageEntry Entry(DateTimeOffset at, string route, TokenUsage tokens) => new(at, route, "up", "model", "key-1", tokens);
}
