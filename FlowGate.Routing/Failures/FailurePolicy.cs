namespace FlowGate.Routing.Failures;

/// <summary>Cool-downs applied to a target after a failed attempt, by failure class.</summary>
public sealed record FailurePolicy
{
    /// <summary>Gets the default policy.</summary>
    public static FailurePolicy Default { get; } = new();

    /// <summary>Gets the cool-down after an authentication failure.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan AuthCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the cool-down after an authentication failure whose body says quota or validation required.</summary>
    /// <value>The default value is 12 hours.</value>
    public TimeSpan AuthQuotaCooldown { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Gets the cool-down after a rate limit or overload that gave no <c>Retry-After</c>.</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan RateLimitCooldown { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the longest <c>Retry-After</c> honoured; longer values are cut to this.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the cool-down after a transient failure (408, 5xx, connect, reset, timeout).</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan TransientCooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets how long a session's failure streak on a model is remembered.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan FailureStreakWindow { get; init; } = TimeSpan.FromHours(2);
}
