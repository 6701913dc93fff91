namespace FlowGate.Routing.Resolution;

/// <summary>How following an alias chain ended.</summary>
internal enum AliasWalkStatus
{
    /// <summary>The chain ends at a route or an upgrade name.</summary>
    Resolved,

    /// <summary>The chain reaches a name that is neither an alias nor a route.</summary>
    Unknown,

    /// <summary>The chain comes back to a name it has already visited.</summary>
    Cycle,
}
