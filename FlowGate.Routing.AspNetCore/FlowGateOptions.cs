namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Options of an embedded FlowGate, bound from configuration (<c>services.AddFlowGate(configuration.GetSection("FlowGate"))</c>)
/// or set in code (<c>services.Configure&lt;FlowGateOptions&gt;(…)</c>). Read through <c>IOptionsMonitor</c>: a change to
/// the bound configuration applies to the next request, like a reload of the FlowGate configuration file.
/// </summary>
public sealed class FlowGateOptions
{
    /// <summary>Gets or sets the FlowGate configuration file (<c>providers.toml</c> or <c>flowgate.yaml</c>) to serve and watch, when no
    /// other source is configured. A relative path is relative to the host's content root.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration comes from <c>UseConfigFile</c>, <c>UseConfig</c> or <c>UseConfigSource</c>.</value>
    public string? ConfigFile { get; set; }

    /// <summary>Gets or sets the largest request body accepted, overriding the configuration's limit.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's limit (32 MiB unless it says otherwise).</value>
    public long? MaxRequestBodyBytes { get; set; }

    /// <summary>
    /// Gets or sets the budget of body bytes held in memory across all requests at once (request bodies, and whole answers
    /// being checked or translated), overriding the configuration's (<c>max_buffered_body_mb</c>). A request that would
    /// take the total past it is answered 503 with <c>Retry-After</c> in the client's protocol.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the configuration's budget (256 MiB unless it says otherwise).</value>
    public long? MaxBufferedBodyBytes { get; set; }

    /// <summary>Gets or sets the total deadline of one client request, overriding the configuration's.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's deadline (600 s unless it says otherwise).</value>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Gets or sets how long one attempt may wait for the upstream's first byte, overriding the configuration's.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's limit (120 s unless it says otherwise).</value>
    public TimeSpan? FirstByteTimeout { get; set; }

    /// <summary>Gets or sets the longest silence allowed inside a committed stream, overriding the configuration's.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's limit (300 s unless it says otherwise).</value>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets the most requests handled at once, overriding the configuration's.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's limit (1,024 unless it says otherwise).</value>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the host must refuse to start when it listens beyond loopback and the
    /// configuration has no gateway key. When <see langword="false"/>, the host starts, a warning says so, and FlowGate's
    /// endpoints answer remote callers 403 unless the app requires authorization on them.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (an embedding app owns its listen addresses); the gateway host sets it.</value>
    public bool RefuseToStartOffLoopbackWithoutKeys { get; set; }

    /// <summary>Gets or sets a value indicating whether upstream requests carry the W3C trace context (<c>traceparent</c>) of the current activity.</summary>
    /// <value>The default value is <see langword="false"/>: upstreams are third parties and see no trace identifiers.</value>
    public bool PropagateTraceContext { get; set; }

    /// <summary>Gets or sets a callback that adjusts every upstream <see cref="SocketsHttpHandler"/> after FlowGate has set its defaults
    /// (no redirects, cookies or decompression; the configuration's outbound proxy). Set it with <c>ConfigureUpstreamHandler</c>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<SocketsHttpHandler>? ConfigureUpstreamHandler { get; set; }

    /// <summary>Applies the overrides set here to a configuration's limits.</summary>
    /// <param name="limits">The configuration's limits.</param>
    /// <returns>The limits in force.</returns>
    internal GatewayLimits Apply(GatewayLimits limits) => limits with
    {
        MaxRequestBodyBytes = MaxRequestBodyBytes ?? limits.MaxRequestBodyBytes,
        MaxBufferedBodyBytes = MaxBufferedBodyBytes ?? limits.MaxBufferedBodyBytes,
        RequestTimeout = RequestTimeout ?? limits.RequestTimeout,
        FirstByteTimeout = FirstByteTimeout ?? limits.FirstByteTimeout,
        StreamIdleTimeout = StreamIdleTimeout ?? limits.StreamIdleTimeout,
        MaxConcurrentRequests = MaxConcurrentRequests ?? limits.MaxConcurrentRequests,
    };

    /// <summary>Gets whether any limit is overridden.</summary>
    internal bool OverridesLimits =>
        MaxRequestBodyBytes is not null || MaxBufferedBodyBytes is not null || RequestTimeout is not null || FirstByteTimeout is not null || StreamIdleTimeout is not null || MaxConcurrentRequests is not null;
}
