using FlowGate.Routing.Sessions;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>The sticky table in force: an immutable <see cref="StickyTable"/> swapped atomically on every bind.</summary>
internal sealed class StickyStore
{
    private StickyTable _table = StickyTable.Empty(StickyPolicy.Default);

    public StickyTable Current => Volatile.Read(ref _table);

    public void Configure(StickyPolicy policy)
    {
        if (Current.Policy != policy)
        {
            Volatile.Write(ref _table, StickyTable.Empty(policy));
        }
    }

    public void Bind(string session, string route, TargetId target, DateTimeOffset now) => Update(t => t.Bind(session, route, target, now));

    public void Unbind(string session, string route, TargetId target) => Update(t => t.Unbind(session, route, target));

    private void Update(Func<StickyTable, StickyTable> change)
    {
        StickyTable current, next;
        do
        {
            current = Volatile.Read(ref _table);
            next = change(current);
        }
        while (!ReferenceEquals(current, next) && !ReferenceEquals(Interlocked.CompareExchange(ref _table, next, current), current));
    }
}
