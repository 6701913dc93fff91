namespace FlowGate.Routing.AspNetCore;

/// <summary>Time and size limits around each client request and its upstream attempts.</summary>
public sealed record GatewayLimits
{
    /// <summary>Gets the default limits.</summary>
    public static GatewayLimits Default { get; } = new();

    /// <summary>Gets the largest request body accepted; a larger one gets 413 in the client's protocol.</summary>
    /// <value>The default value is 32 MiB.</value>
    public long MaxRequestBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// Gets the most body bytes held in memory at once across all requests: request bodies, each attempt's rewritten (or
    /// translated) copy, and whole answers read to be checked or translated. A request that would take the sum past it gets 503 with <c>Retry-After</c> in its protocol.
    /// </summary>
    /// <value>The default value is 256 MiB.</value>
    public long MaxBufferedBodyBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Gets the total deadline of one client request, every attempt and backoff included.</summary>
    /// <value>The default value is 600 seconds.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Gets how long one attempt may wait for the upstream's response headers (and, for streams, its first event).</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the longest silence allowed between two stream events once the stream is committed.</summary>
    /// <value>The default value is 300 seconds.</value>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets the most requests handled at once; beyond it the gateway answers 429 with <c>Retry-After</c> at once instead of queueing.</summary>
    /// <value>The default value is 1,024.</value>
    public int MaxConcurrentRequests { get; init; } = 1024;
}
