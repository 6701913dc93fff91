using FlowGate.Routing.AspNetCore.Proxy;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

public sealed class BodyBudgetTests
{
    [Fact]
    public void AReservationWithHeadroom_IsRefusedWhenTheHeadroomWouldNotFit_AndHoldsNothing()
    {
        var budget = new BodyBudget();
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
        var budget = new BodyBudget();
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
}
