namespace FlowGate.Routing.Health;

/// <summary>What an attempt's outcome does to its target's state.</summary>
public enum TargetEffectKind
{
    /// <summary>A transient failure: counted toward <c>allowed_fails</c>; past it (or during a probe) the target is ejected for a time that doubles per ejection.</summary>
    CountFailure,

    /// <summary>An explicit signal (auth failure, rate limit with a retry hint): the target is ejected at once for the given time.</summary>
    Eject,

    /// <summary>The request probes a target whose ejection has ended; others leave it alone until the outcome or the lease ends.</summary>
    StartProbe,

    /// <summary>The target served the request: its failures, ejections and probe are cleared.</summary>
    Recover,

    /// <summary>The session's sticky binding to the target is dropped (auth and client errors).</summary>
    UnbindSticky,
}
