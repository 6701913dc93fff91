namespace FlowGate.Routing;

/// <summary>Why a decision picked its target.</summary>
public enum SelectionReason
{
    /// <summary>No target was picked (unknown model, or nothing eligible).</summary>
    None,

    /// <summary>The route's selection policy picked it.</summary>
    Policy,

    /// <summary>The session is bound to it on this route.</summary>
    Sticky,

    /// <summary>The request carries a thinking signature or encrypted reasoning that only validates there.</summary>
    SignatureAffinity,

    /// <summary>Nothing was eligible, so the target whose ejection for transient failures ends first was chosen (panic).</summary>
    Panic,
}
