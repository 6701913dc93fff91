namespace FlowGate.Routing.Failures;

/// <summary>
/// How failed attempts act on their targets. Explicit signals (an auth failure, a rate limit with a retry hint) eject
/// a target at once; every other retryable failure only counts, and a target is ejected once more than
/// <see cref="AllowedFails"/> have come within <see cref="AllowedFailsWindow"/>, for a time that doubles with each
/// consecutive ejection and resets on a success. A route's only target is never ejected for counted failures.
/// </summary>
public sealed record FailurePolicy
{
    /// <summary>Gets the default policy.</summary>
    public static FailurePolicy Default { get; } = new();

    /// <summary>Gets the ejection after an authentication failure.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan AuthCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the ejection after an authentication failure whose body says quota or validation required.</summary>
    /// <value>The default value is 12 hours.</value>
    public TimeSpan AuthQuotaCooldown { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Gets the longest <c>Retry-After</c> honoured (<c>max_cooldown</c>); longer values are cut to this.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets the first ejection after too many transient failures (LiteLLM's <c>cooldown_time</c>); each consecutive
    /// ejection doubles it, up to <see cref="MaxTransientCooldown"/>.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan TransientCooldown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the longest ejection for transient failures, however many ejections came before.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxTransientCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets how many transient failures (408, 5xx, connect, reset, timeout, a broken answer, a rate limit without a
    /// retry hint) a target may have within <see cref="AllowedFailsWindow"/>; the next one ejects it (LiteLLM's
    /// <c>allowed_fails</c>).
    /// </summary>
    /// <value>The default value is 3.</value>
    public int AllowedFails { get; init; } = 3;

    /// <summary>Gets the window in which transient failures are counted toward <see cref="AllowedFails"/>.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan AllowedFailsWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets how long the single request that probes a target after its ejection has it to itself; if no outcome has
    /// come back by then (the probe was lost), another request may probe.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ProbeLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the first backoff before a retry of a target that already failed this request; doubled for each attempt
    /// made, jittered, capped by <see cref="BackoffMax"/>, and never shorter than the upstream's retry hint.
    /// </summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest backoff (a retry hint may still ask for longer).</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long a session's failure streak on a model is remembered.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan FailureStreakWindow { get; init; } = TimeSpan.FromHours(2);
}
