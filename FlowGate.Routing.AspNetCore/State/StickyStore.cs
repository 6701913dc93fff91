using FlowGate.Routing.Sessions;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The sticky table in force: an immutable <see cref="StickyTable"/> swapped atomically on every bind. Local changes are
/// told to <see cref="Replication"/> (when a shared store is configured); changes made by other replicas come in through
/// <see cref="BindShared"/> and <see cref="UnbindShared"/>, which do not echo them back.
/// </summary>
internal sealed class StickyStore
{
    private StickyTable _table = StickyTable.Empty(StickyPolicy.Default);

    public StickyTable Current => Volatile.Read(ref _table);

    /// <summary>Gets or sets where local changes are passed on to other replicas; none by default.</summary>
    public IStateReplication? Replication { get; set; }

    public void Configure(StickyPolicy policy)
    {
        if (Current.Policy != policy)
        {
            Volatile.Write(ref _table, StickyTable.Empty(policy));
        }
    }

    public void Bind(string session, string route, TargetId target, DateTimeOffset now)
    {
        Update(t => t.Bind(session, route, target, now));
        Replication?.SessionBound(session, route, target, now);
    }

    public void Unbind(string session, string route, TargetId target)
    {
        Update(t => t.Unbind(session, route, target));
        Replication?.SessionUnbound(session, route, target);
    }

    /// <summary>Applies another replica's binding: the latest to arrive wins, except over a later use of the same binding.</summary>
    /// <remarks>
    /// Messages may arrive out of order (they are handled concurrently): an older use of the same binding must not
    /// shorten it, so a binding already used later is left as it is.
    /// </remarks>
    public void BindShared(string session, string route, TargetId target, DateTimeOffset at) =>
        Update(t => t.LastUsed(session, route, target) >= at ? t : t.Bind(session, route, target, at));

    /// <summary>Applies another replica's unbinding.</summary>
    public void UnbindShared(string session, string route, TargetId target) => Update(t => t.Unbind(session, route, target));

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
