namespace FlowGate.Routing.Failures;

/// <summary>
/// What the adapter saw of one failed upstream attempt, reduced to what <see cref="FailureClassifier"/> needs:
/// the status (if a status line arrived), the raw <c>Retry-After</c> headers, the start of the error body (or of
/// the first SSE event of a 2xx stream), and the transport error (if any).
/// </summary>
/// <remarks>
/// The body prefix is only scanned for known ASCII markers and never copied into logs. Adapters should pass the
/// decompressed bytes, at most <see cref="FailureClassifier.ScanLimit"/> of them (more are ignored).
/// Equality compares <see cref="BodyPrefix"/> by reference, as <see cref="ReadOnlyMemory{T}"/> does.
/// </remarks>
internal readonly record struct UpstreamFailure
{
    /// <summary>Gets the HTTP status, or <see langword="null"/> when no status line arrived (a transport error).</summary>
    public int? Status { get; init; }

    /// <summary>Gets the raw <c>Retry-After</c> header value (delta-seconds or an HTTP date), if any.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>
    /// Gets the raw <c>retry-after-ms</c> header value (milliseconds; sent by OpenAI and others), if any. When it
    /// parses, it wins over <see cref="RetryAfter"/> because it is more precise.
    /// </summary>
    public string? RetryAfterMs { get; init; }

    /// <summary>Gets the first bytes of the error body, or of the first SSE event of a 2xx stream that failed in its first event.</summary>
    public ReadOnlyMemory<byte> BodyPrefix { get; init; }

    /// <summary>Gets the transport error, or <see cref="TransportError.None"/> when the upstream answered.</summary>
    public TransportError Transport { get; init; }

    /// <summary>Describes an attempt that got a status line (an error status, or a 2xx whose first event is an error).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="bodyPrefix">The first bytes of the body or of the first SSE event.</param>
    /// <param name="retryAfter">The raw <c>Retry-After</c> header value, if any.</param>
    /// <returns>The failure.</returns>
    public static UpstreamFailure FromStatus(int status, ReadOnlyMemory<byte> bodyPrefix = default, string? retryAfter = null) =>
        new() { Status = status, BodyPrefix = bodyPrefix, RetryAfter = retryAfter };

    /// <summary>Describes an attempt that failed below HTTP.</summary>
    /// <param name="transport">The transport error.</param>
    /// <returns>The failure.</returns>
    public static UpstreamFailure FromTransport(TransportError transport) => new() { Transport = transport };
}
