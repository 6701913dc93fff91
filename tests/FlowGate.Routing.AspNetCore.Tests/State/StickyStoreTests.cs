using FlowGate.Routing.AspNetCore.State;

namespace FlowGate.Routing.AspNetCore.Tests.State;

/// <summary>Other replicas' bindings arrive in any order: a late-arriving older use never shortens a binding.</summary>
public sealed class StickyStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BindShared_AnOlderUseArrivingAfterANewerOne_KeepsTheNewer()
    {
        var store = new StickyStore();
        var target = new TargetId("u", "m");
        var ttl = store.Current.Policy.Ttl;

        store.BindShared("session", "r", target, T0 + (ttl / 4));
        store.BindShared("session", "r", target, T0);

        Assert.Equal(target, store.Current.Lookup("session", "r", T0 + ttl + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void BindShared_AnotherTarget_ReplacesTheBindingWhateverItsTime()
    {
        var store = new StickyStore();
        var first = new TargetId("u", "m");
        var second = new TargetId("u", "n");

        store.BindShared("session", "r", first, T0 + TimeSpan.FromMinutes(5));
        store.BindShared("session", "r", second, T0);

        Assert.Equal(second, store.Current.Lookup("session", "r", T0));
    }
}
