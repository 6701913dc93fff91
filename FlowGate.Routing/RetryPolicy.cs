namespace FlowGate.Routing;

/// <summary>How far one request may travel through targets and fallback chains.</summary>
public sealed record RetryPolicy
{
    /// <summary>Gets the default policy.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Gets the most upstream attempts one client request may make, fallbacks included.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Gets the first backoff before a retry of a target that already failed this request; doubled for each attempt
    /// made, jittered, capped by <see cref="BackoffMax"/>, and never shorter than the upstream's retry hint.
    /// </summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest backoff (a retry hint may still ask for longer).</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the routes tried after a route's own fallback chain (a profile's default fallbacks).</summary>
    public ValueArray<string> DefaultFallbacks { get; init; }
}
