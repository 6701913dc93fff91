namespace FlowGate.Routing.Failures;

/// <summary>
/// The verdict on one failed upstream attempt: its class, how long its target cools down, whether the
/// session's stickiness to that target is cleared, and whether the request may move on to other targets and routes.
/// </summary>
internal sealed record FailureClassification
{
    /// <summary>Gets the failure class.</summary>
    public required FailureClass Class { get; init; }

    /// <summary>
    /// Gets how long an explicit signal (an auth failure, a rate limit with a retry hint) ejects the target at once;
    /// <see cref="TimeSpan.Zero"/> when the failure only counts toward <see cref="FailurePolicy.AllowedFails"/> or does
    /// nothing to the target. Never negative.
    /// </summary>
    public TimeSpan Cooldown { get; init; }

    /// <summary>Gets when the cool-down ends (the classification time plus <see cref="Cooldown"/>), or <see langword="null"/> without a cool-down.</summary>
    public DateTimeOffset? CooldownUntil { get; init; }

    /// <summary>
    /// Gets the upstream's own retry hint (<c>retry-after-ms</c>, <c>Retry-After</c>, or a "try again in" message of a
    /// rate-limit error), cut to [0, <see cref="FailurePolicy.MaxRetryAfter"/>]; <see langword="null"/> when none parsed.
    /// No attempt on the same target may start before it has passed.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets a value indicating whether the failure counts toward <see cref="FailurePolicy.AllowedFails"/> instead of
    /// ejecting at once: a transient failure, or a rate limit that gave no retry hint.
    /// </summary>
    public bool Counts => Class is FailureClass.Transient || (Class is FailureClass.RateLimit && Cooldown == TimeSpan.Zero);

    /// <summary>Gets a value indicating whether the session's stickiness to this target is cleared (auth and client errors).</summary>
    public bool ClearsSticky { get; init; }

    /// <summary>
    /// Gets a value indicating whether the request may move on to other targets and fallback routes: true for
    /// <see cref="FailureClass.Auth"/>, <see cref="FailureClass.RateLimit"/> and <see cref="FailureClass.Transient"/>
    /// (the route's general chain) and <see cref="FailureClass.ContextLength"/> (the context-window chain); false for
    /// <see cref="FailureClass.Client"/> (answered as is) and <see cref="FailureClass.Signature"/> (retried with the
    /// signature's owner or without thinking blocks instead).
    /// </summary>
    public bool FallsBack { get; init; }

    /// <summary>Gets a short explanation for logs and <c>route explain</c>; it quotes no body content beyond a known marker.</summary>
    public required string Reason { get; init; }
}
