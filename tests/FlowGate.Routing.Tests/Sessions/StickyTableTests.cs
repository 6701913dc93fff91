using FlowGate.Routing.Sessions;

namespace FlowGate.Routing.Tests.Sessions;

public sealed class StickyTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TargetId A = new("a", "m");
    private static readonly TargetId B = new("b", "m");

    [Fact]
    public void Bind_ThenLookup_ReturnsTargetUntilTtlPasses()
    {
        var table = StickyTable.Empty(StickyPolicy.Default).Bind("s1", "opus", A, Now);

        Assert.Equal(A, table.Lookup("s1", "OPUS", Now.AddDays(6)));
        Assert.Null(table.Lookup("s1", "opus", Now.AddDays(7)));
        Assert.Null(table.Lookup("s2", "opus", Now));
    }

    [Fact]
    public void Bind_IsPure_OldSnapshotUnchanged()
    {
        var before = StickyTable.Empty(StickyPolicy.Default);
        var after = before.Bind("s1", "opus", A, Now);

        Assert.Null(before.Lookup("s1", "opus", Now));
        Assert.Equal(A, after.Lookup("s1", "opus", Now));
    }

    [Fact]
    public void Unbind_OnlyWhenBoundToThatTarget()
    {
        var table = StickyTable.Empty(StickyPolicy.Default).Bind("s1", "opus", A, Now);

        Assert.Same(table, table.Unbind("s1", "opus", B));
        Assert.Null(table.Unbind("s1", "opus", A).Lookup("s1", "opus", Now));
        Assert.Null(table.Unbind("s1", "opus", A).LatestForSession("s1", Now));
    }

    [Fact]
    public void LatestForSession_FindsMostRecentTargetAcrossRoutes()
    {
        var table = StickyTable.Empty(StickyPolicy.Default)
            .Bind("s1", "opus", A, Now)
            .Bind("s1", "sonnet", B, Now.AddMinutes(1));

        Assert.Equal(B, table.LatestForSession("s1", Now.AddMinutes(2)));
    }

    [Fact]
    public void Bind_PastCapacity_DropsLeastRecentlyUsedFifth()
    {
        var table = StickyTable.Empty(StickyPolicy.Default with { Capacity = 10 });
        for (var i = 0; i <= 10; i++)
        {
            table = table.Bind($"s{i}", "r", A, Now.AddSeconds(i));
        }

        Assert.Equal(8, table.Count);
        Assert.Null(table.Lookup("s0", "r", Now.AddSeconds(11)));
        Assert.Null(table.Lookup("s2", "r", Now.AddSeconds(11)));
        Assert.Equal(A, table.Lookup("s3", "r", Now.AddSeconds(11)));
        Assert.Equal(A, table.Lookup("s10", "r", Now.AddSeconds(11)));
    }

    [Fact]
    public void Disabled_NeverBinds()
    {
        var table = StickyTable.Empty(StickyPolicy.Default with { Enabled = false }).Bind("s", "r", A, Now);

        Assert.Equal(0, table.Count);
        Assert.Null(table.Lookup("s", "r", Now));
    }

    [Fact]
    public void Prune_DropsExpired()
    {
        var table = StickyTable.Empty(StickyPolicy.Default with { Ttl = TimeSpan.FromHours(1) })
            .Bind("old", "r", A, Now)
            .Bind("new", "r", B, Now.AddMinutes(59));

        var pruned = table.Prune(Now.AddMinutes(61));

        Assert.Equal(1, pruned.Count);
        Assert.Equal(B, pruned.Lookup("new", "r", Now.AddMinutes(61)));
    }
}
