namespace FlowGate.Routing;

/// <summary>How far one request may travel through targets and fallback chains.</summary>
public sealed record RetryPolicy
{
    /// <summary>Gets the default policy.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Gets the most upstream attempts one client request may make, fallbacks included.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Gets the routes tried after a route's own fallback chain (a profile's default fallbacks).</summary>
    public ValueArray<string> DefaultFallbacks { get; init; }
}
