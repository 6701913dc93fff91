using FlowGate.Routing.Redis.Sharing;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>Which sticky bindings are sent: new ones, moved ones, and refreshes at most once per quarter of the time to live.</summary>
public sealed class BindingBroadcastsTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TargetId A = new("up", "a");
    private static readonly TargetId B = new("up", "b");

    [Fact]
    public void ANewBinding_IsSent_AndTheSameBindingAgain_IsNot()
    {
        var broadcasts = new BindingBroadcasts();

        Assert.True(broadcasts.ShouldSend("s", "r", A, T0, Ttl, 100));
        Assert.False(broadcasts.ShouldSend("s", "r", A, T0.AddMinutes(1), Ttl, 100));
        Assert.False(broadcasts.ShouldSend("s", "R", A, T0.AddMinutes(14), Ttl, 100));
    }

    [Fact]
    public void ABindingThatMovesTarget_IsSent()
    {
        var broadcasts = new BindingBroadcasts();
        broadcasts.ShouldSend("s", "r", A, T0, Ttl, 100);

        Assert.True(broadcasts.ShouldSend("s", "r", B, T0.AddSeconds(1), Ttl, 100));
        Assert.True(broadcasts.ShouldSend("s", "r", A, T0.AddSeconds(2), Ttl, 100));
    }

    [Fact]
    public void AnUnchangedBinding_IsRefreshedOncePerQuarterOfTheTimeToLive()
    {
        var broadcasts = new BindingBroadcasts();
        broadcasts.ShouldSend("s", "r", A, T0, Ttl, 100);

        Assert.True(broadcasts.ShouldSend("s", "r", A, T0 + (Ttl / 4), Ttl, 100));
        Assert.False(broadcasts.ShouldSend("s", "r", A, T0 + (Ttl / 4) + TimeSpan.FromMinutes(10), Ttl, 100));
        Assert.True(broadcasts.ShouldSend("s", "r", A, T0 + (Ttl / 2), Ttl, 100));
    }

    [Fact]
    public void ABindingAnotherReplicaShared_IsNotSentBackWhenUsedHere()
    {
        var broadcasts = new BindingBroadcasts();
        broadcasts.Received("s", "r", A, T0, Ttl, 100);

        Assert.False(broadcasts.ShouldSend("s", "r", A, T0.AddMinutes(5), Ttl, 100));
        Assert.True(broadcasts.ShouldSend("s", "r", B, T0.AddMinutes(5), Ttl, 100));
    }

    [Fact]
    public void AForgottenBinding_IsSentAgain()
    {
        var broadcasts = new BindingBroadcasts();
        broadcasts.ShouldSend("s", "r", A, T0, Ttl, 100);
        broadcasts.Forget("s", "r");

        Assert.True(broadcasts.ShouldSend("s", "r", A, T0.AddSeconds(1), Ttl, 100));
    }

    [Fact]
    public void PastCapacity_ExpiredEntriesGoFirst_ThenAll()
    {
        var broadcasts = new BindingBroadcasts();
        broadcasts.ShouldSend("old", "r", A, T0, Ttl, 2);
        broadcasts.ShouldSend("live", "r", A, T0 + Ttl, Ttl, 2);

        broadcasts.ShouldSend("new", "r", A, T0 + Ttl + TimeSpan.FromMinutes(1), Ttl, 2);
        Assert.Equal(2, broadcasts.Count);
        Assert.False(broadcasts.ShouldSend("live", "r", A, T0 + Ttl + TimeSpan.FromMinutes(2), Ttl, 2));

        broadcasts.ShouldSend("newer", "r", A, T0 + Ttl + TimeSpan.FromMinutes(3), Ttl, 2);
        Assert.Equal(1, broadcasts.Count);
    }
}
