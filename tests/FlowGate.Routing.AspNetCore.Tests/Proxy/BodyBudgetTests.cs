using FlowGate.Routing.AspNetCore.Proxy;
using Microsoft.Extensions.Time.Testing;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

public sealed class BodyBudgetTests
{
    [Fact]
    public void AReservationWithHeadroom_IsRefusedWhenTheHeadroomWouldNotFit_AndHoldsNothing()
    {
        var budget = new BodyBudget(TimeProvider.System);
        using var first = budget.Lease(100);
        first.Reserve(40, headroom: 40);

        using var second = budget.Lease(100);
        Assert.Throws<BodyBudgetExceededException>(() => second.Reserve(40, headroom: 40));
        Assert.Equal(40, budget.Reserved);

        // Without headroom the same bytes fit: the headroom is checked, never reserved.
        second.Reserve(40);
        Assert.Equal(80, budget.Reserved);
    }

    [Fact]
    public void Leases_ReleaseToTheirMark_AndAllOnDispose()
    {
        var budget = new BodyBudget(TimeProvider.System);
        using (var lease = budget.Lease(1000))
        {
            lease.Reserve(100);
            var mark = lease.Mark;
            lease.Reserve(300);
            lease.ReleaseTo(mark);
            Assert.Equal(100, budget.Reserved);
        }

        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task AfterAPeak_MemoryIsGivenBack_OnTheGatewaysClock_OnceItsDelayHasPassed()
    {
        var time = new FakeTimeProvider();
        var giveBacks = 0;
        var budget = new BodyBudget(time, () => Interlocked.Increment(ref giveBacks));

        Burst(budget);
        var pending = budget.LastGiveBack;
        time.Advance(BodyBudget.GiveBackDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(pending.IsCompleted);
        Assert.Equal(0, Volatile.Read(ref giveBacks));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Ended(pending);
        Assert.Equal(1, Volatile.Read(ref giveBacks));
    }

    [Fact]
    public async Task ASecondPeakSoonAfter_WaitsForTheInterval_OnTheGatewaysClock()
    {
        var time = new FakeTimeProvider();
        var giveBacks = 0;
        var budget = new BodyBudget(time, () => Interlocked.Increment(ref giveBacks));
        Burst(budget);
        time.Advance(BodyBudget.GiveBackDelay);
        await Ended(budget.LastGiveBack);

        // The next burst ends at once: its give-back waits out the interval since the last one, not just the delay.
        Burst(budget);
        var pending = budget.LastGiveBack;
        time.Advance(BodyBudget.GiveBackInterval - TimeSpan.FromMilliseconds(1));
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, Volatile.Read(ref giveBacks));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Ended(pending);
        Assert.Equal(2, Volatile.Read(ref giveBacks));
    }

    [Fact]
    public void ASmallPeak_GivesNothingBack()
    {
        var time = new FakeTimeProvider();
        var giveBacks = 0;
        var budget = new BodyBudget(time, () => Interlocked.Increment(ref giveBacks));
        using (var lease = budget.Lease(long.MaxValue))
        {
            lease.Reserve(BodyBudget.GiveBackAfterPeak - 1);
        }

        Assert.True(budget.LastGiveBack.IsCompleted);
        time.Advance(BodyBudget.GiveBackInterval * 2);
        Assert.Equal(0, Volatile.Read(ref giveBacks));
        Assert.Equal(0, budget.Reserved);
    }

    /// <summary>Reserves up to the give-back peak and releases it all: the counter only, no memory is held.</summary>
    private static void Burst(BodyBudget budget)
    {
        using var lease = budget.Lease(long.MaxValue);
        lease.Reserve(BodyBudget.GiveBackAfterPeak);
    }

    /// <summary>The timer's continuation may run on another thread: wait for it, generously (the clock is fake, not the wait).</summary>
    private static Task Ended(Task giveBack) => giveBack.WaitAsync(TimeSpan.FromSeconds(30));
}
