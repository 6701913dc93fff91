namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The condition of a shared state store, reported by <c>/health</c> and the status page. Losing the store never fails a
/// request (each replica goes on with its own state), so this is information, not a reason to answer 503.
/// </summary>
internal interface ISharedStateStatus
{
    /// <summary>Gets the kind of store ("redis").</summary>
    string Backend { get; }

    /// <summary>Gets a value indicating whether changes are being shared right now.</summary>
    bool Connected { get; }

    /// <summary>Gets when <see cref="Connected"/> last changed.</summary>
    DateTimeOffset Since { get; }
}
