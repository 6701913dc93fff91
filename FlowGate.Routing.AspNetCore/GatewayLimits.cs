namespace FlowGate.Routing.AspNetCore;

/// <summary>Time and size limits around each client request and its upstream attempts.</summary>
public sealed record GatewayLimits
{
    /// <summary>Gets the default limits.</summary>
    public static GatewayLimits Default { get; } = new();

    /// <summary>Gets the largest request body accepted; a larger one gets 413 in the client's protocol.</summary>
    /// <value>The default value is 32 MiB.</value>
    public long MaxRequestBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Gets the total deadline of one client request, every attempt and backoff included.</summary>
    /// <value>The default value is 600 seconds.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Gets how long one attempt may wait for the upstream's response headers (and, for streams, its first event).</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the longest silence allowed between two stream events once the stream is committed.</summary>
    /// <value>The default value is 300 seconds.</value>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets how many failures in a row a target may have before its cool-down starts.</summary>
    /// <value>The default value is 0: the first failure starts it.</value>
    public int AllowedFails { get; init; }

    /// <summary>Gets the first backoff between two attempts on the same target; doubled each time, jittered, never before a <c>Retry-After</c>.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest single backoff.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the most requests handled at once; beyond it the gateway answers 429 with <c>Retry-After</c> at once instead of queueing.</summary>
    /// <value>The default value is 1,024.</value>
    public int MaxConcurrentRequests { get; init; } = 1024;
}
