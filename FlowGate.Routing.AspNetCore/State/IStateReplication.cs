namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// Hears this replica's changes to session state (sticky bindings, failure streaks) so a shared store can pass them to
/// the other replicas. Called on the request's path after the local change is made: an implementation must only queue
/// the change and return, never wait for the network.
/// </summary>
internal interface IStateReplication
{
    /// <summary>A session was bound (or its binding refreshed) to the target that served it.</summary>
    void SessionBound(string session, string route, TargetId target, DateTimeOffset at);

    /// <summary>A session's binding to a target that failed it was removed.</summary>
    void SessionUnbound(string session, string route, TargetId target);

    /// <summary>A session's request for a model failed; <paramref name="count"/> is the streak after it.</summary>
    void StreakFailed(string session, string model, int count, DateTimeOffset at);

    /// <summary>A session's request for a model succeeded, ending its failure streak.</summary>
    void StreakEnded(string session, string model);
}
