namespace FlowGate.Routing.Failures;

/// <summary>What kind of failure one upstream attempt met; decides cool-down, stickiness and fallback.</summary>
public enum FailureClass
{
    /// <summary>The target refused the credentials (401, 402, 403, <c>auth_unavailable</c>): cool it down and go elsewhere.</summary>
    Auth,

    /// <summary>The target is rate limited or overloaded (429, 503, 529): cool it down for <c>Retry-After</c> and go elsewhere.</summary>
    RateLimit,

    /// <summary>The attempt failed for a reason likely to pass (408, other 5xx, connect, reset, timeout): short cool-down, go elsewhere.</summary>
    Transient,

    /// <summary>
    /// The target rejected a thinking signature or encrypted reasoning it did not produce: no cool-down; retry once on
    /// the target that owns the signature, else drop the thinking blocks and retry.
    /// </summary>
    Signature,

    /// <summary>The prompt exceeds the target's context window: no cool-down; follow the route's context-window fallbacks.</summary>
    ContextLength,

    /// <summary>The request itself is wrong (other 4xx): no cool-down, no fallback; the client gets the upstream's answer.</summary>
    Client,
}
