using System.Globalization;

namespace FlowGate.Routing.Failures;

/// <summary>
/// Classifies one failed upstream attempt. Pure: the time comes in as <c>now</c>, every threshold from
/// <see cref="FailurePolicy"/>; the body prefix is scanned for ASCII markers, never parsed or logged.
/// </summary>
/// <remarks>
/// <para>A non-2xx status is classified by these rules, first match wins:</para>
/// <list type="number">
/// <item><description><b>context</b>: 400, 413 or 422 whose body says <c>context_length_exceeded</c>, "prompt is too long",
/// "maximum context length", "context window" (and a few vendor wordings) → no cool-down; the context-window chain.</description></item>
/// <item><description><b>signature</b>: 400 or 422 whose body names "signature" with "thinking", "reasoning" or
/// <c>encrypted_content</c>, or says <c>invalid_encrypted_content</c> → no cool-down.</description></item>
/// <item><description><b>auth</b>: 401, 402, 403, or <c>auth_unavailable</c> / <c>auth_not_found</c> in the body at any
/// status → <see cref="FailurePolicy.AuthCooldown"/>, or <see cref="FailurePolicy.AuthQuotaCooldown"/> when the body
/// says quota or validation required. A 429 whose body says <c>insufficient_quota</c> is a billing stop, not a rate
/// limit, and classifies as auth with the quota cool-down too.</description></item>
/// <item><description><b>rate</b>: 429, 503, 529 → ejected at once for the retry hint (<c>retry-after-ms</c>,
/// <c>Retry-After</c>, or "try again in …" in the body) if any; without one it only counts, like a transient failure.</description></item>
/// <item><description><b>transient</b>: 408 and every other 5xx → no ejection of its own: it counts toward
/// <see cref="FailurePolicy.AllowedFails"/>; a retry hint it carries still delays a retry on the same target.</description></item>
/// <item><description><b>client</b>: every other 4xx → no cool-down, no fallback; the client gets the answer.</description></item>
/// <item><description>Any other status (1xx, 3xx, out of range) is <b>transient</b>: redirects are not followed, and
/// such an answer says nothing about the request.</description></item>
/// </list>
/// <para>Without a non-2xx status, a transport error is <b>transient</b>. A 2xx is a stream whose first SSE event (or a
/// body) is an error: it is classified by the error's type or code (context and signature markers first, then
/// <c>authentication_error</c>/<c>permission_error</c>/<c>insufficient_quota</c> → auth, <c>overloaded_error</c>/
/// <c>rate_limit_error</c>/<c>rate_limit_exceeded</c> → rate, <c>api_error</c>/<c>server_error</c> → transient,
/// <c>invalid_request_error</c> → client; anything unrecognised → transient).</para>
/// <para>A transport error after a non-2xx status line (the body was cut) still classifies by the status. Retry
/// hints are cut to [0, <see cref="FailurePolicy.MaxRetryAfter"/>]; negative policy durations count as zero.</para>
/// </remarks>
internal static class FailureClassifier
{
    /// <summary>The most body bytes scanned; adapters need not keep more.</summary>
    public const int ScanLimit = 16 * 1024;

    /// <summary>Classifies one failed attempt.</summary>
    /// <param name="failure">What the adapter saw of the attempt.</param>
    /// <param name="now">The current time: turns an HTTP-date <c>Retry-After</c> into a wait and anchors <see cref="FailureClassification.CooldownUntil"/>.</param>
    /// <param name="policy">The cool-down policy.</param>
    /// <returns>The classification; never throws for any failure or time.</returns>
    public static FailureClassification Classify(UpstreamFailure failure, DateTimeOffset now, FailurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);

        var body = failure.BodyPrefix.Span;
        if (body.Length > ScanLimit)
        {
            body = body[..ScanLimit];
        }

        var maxRetryAfter = NonNegative(policy.MaxRetryAfter);
        var hint = RetryAfterParser.ParseMilliseconds(failure.RetryAfterMs) ?? RetryAfterParser.Parse(failure.RetryAfter, now);
        var context = new Context(now, policy, Cap(hint, maxRetryAfter), maxRetryAfter);

        if (failure.Status is int status && status is not (>= 200 and <= 299))
        {
            return ClassifyStatus(status, body, context);
        }

        if (failure.Transport != TransportError.None)
        {
            return Transient(context, string.Concat("transport: ", Describe(failure.Transport)));
        }

        return failure.Status is int success
            ? ClassifyErrorEvent(success, body, context)
            : Transient(context, "no status and no transport error");
    }

    private static FailureClassification ClassifyStatus(int status, ReadOnlySpan<byte> body, Context context)
    {
        var source = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
        string? marker;

        if (status is 400 or 413 or 422 && (marker = FailureMarkers.FindContextLength(body)) is not null)
        {
            return ContextLength(context, source, marker);
        }

        if (status is 400 or 422 && (marker = FailureMarkers.FindSignature(body)) is not null)
        {
            return Signature(context, source, marker);
        }

        if (status is 401 or 402 or 403)
        {
            return Auth(context, source, body, marker: null);
        }

        if ((marker = AsciiScanner.FindFirst(body, FailureMarkers.AuthUnavailable)) is not null)
        {
            return Auth(context, source, body, marker);
        }

        if (status == 429 && (marker = AsciiScanner.FindFirst(body, FailureMarkers.QuotaExhausted)) is not null)
        {
            return Auth(context, source, body, marker);
        }

        if (status is 429 or 503 or 529)
        {
            return RateLimit(context, source, body, marker: null);
        }

        if (status is 408 or (>= 500 and <= 599))
        {
            return Transient(context, string.Concat(source, ": upstream error"));
        }

        if (status is >= 400 and <= 499)
        {
            return Result(FailureClass.Client, TimeSpan.Zero, context, string.Concat(source, ": client error"));
        }

        return Transient(context, string.Concat(source, ": unexpected status"));
    }

    private static FailureClassification ClassifyErrorEvent(int status, ReadOnlySpan<byte> body, Context context)
    {
        var source = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} error event");
        string? marker;

        if ((marker = FailureMarkers.FindContextLength(body)) is not null)
        {
            return ContextLength(context, source, marker);
        }

        if ((marker = FailureMarkers.FindSignature(body)) is not null)
        {
            return Signature(context, source, marker);
        }

        if ((marker = AsciiScanner.FindFirst(body, FailureMarkers.AuthUnavailable) ?? AsciiScanner.FindFirst(body, FailureMarkers.AuthTypes)) is not null)
        {
            return Auth(context, source, body, marker);
        }

        if ((marker = AsciiScanner.FindFirst(body, FailureMarkers.RateLimitTypes)) is not null)
        {
            return RateLimit(context, source, body, marker);
        }

        if ((marker = AsciiScanner.FindFirst(body, FailureMarkers.TransientTypes)) is not null)
        {
            return Transient(context, WithMarker(string.Concat(source, ": upstream error"), marker));
        }

        if ((marker = AsciiScanner.FindFirst(body, FailureMarkers.ClientTypes)) is not null)
        {
            return Result(FailureClass.Client, TimeSpan.Zero, context, WithMarker(string.Concat(source, ": client error"), marker));
        }

        return Transient(context, string.Concat(source, ": unrecognised error"));
    }

    private static FailureClassification ContextLength(Context context, string source, string marker) =>
        Result(FailureClass.ContextLength, TimeSpan.Zero, context, WithMarker(string.Concat(source, ": context window exceeded"), marker));

    private static FailureClassification Signature(Context context, string source, string marker) =>
        Result(FailureClass.Signature, TimeSpan.Zero, context, WithMarker(string.Concat(source, ": thinking signature rejected"), marker));

    private static FailureClassification Auth(Context context, string source, ReadOnlySpan<byte> body, string? marker)
    {
        var quota = AsciiScanner.FindFirst(body, FailureMarkers.Quota);
        var reason = WithMarker(string.Concat(source, ": authentication failed"), marker);
        return quota is null
            ? Result(FailureClass.Auth, context.Policy.AuthCooldown, context, reason)
            : Result(FailureClass.Auth, context.Policy.AuthQuotaCooldown, context, WithMarker(string.Concat(reason, ", quota"), quota));
    }

    private static FailureClassification RateLimit(Context context, string source, ReadOnlySpan<byte> body, string? marker)
    {
        // Headers first; OpenAI also says "Please try again in 1.5s" in the body, often the only hint a stream has.
        var hint = context.RetryAfter ?? Cap(RetryAfterParser.ParseHint(body), context.MaxRetryAfter);
        var reason = WithMarker(string.Concat(source, ": rate limited"), marker);
        return hint is TimeSpan wait
            ? Result(FailureClass.RateLimit, wait, context with { RetryAfter = wait }, string.Concat(reason, ", retry after ", Seconds(wait)))
            : Result(FailureClass.RateLimit, TimeSpan.Zero, context, reason);
    }

    private static FailureClassification Transient(Context context, string reason) =>
        context.RetryAfter is TimeSpan wait
            ? Result(FailureClass.Transient, TimeSpan.Zero, context, string.Concat(reason, ", retry after ", Seconds(wait)))
            : Result(FailureClass.Transient, TimeSpan.Zero, context, reason);

    private static FailureClassification Result(FailureClass failureClass, TimeSpan cooldown, Context context, string reason)
    {
        cooldown = NonNegative(cooldown);
        return new FailureClassification
        {
            Class = failureClass,
            Cooldown = cooldown,
            CooldownUntil = cooldown == TimeSpan.Zero ? null : AddSaturating(context.Now, cooldown),
            RetryAfter = context.RetryAfter,
            ClearsSticky = failureClass is FailureClass.Auth or FailureClass.Client,
            FallsBack = failureClass is FailureClass.Auth or FailureClass.RateLimit or FailureClass.Transient or FailureClass.ContextLength,
            Reason = reason,
        };
    }

    private static DateTimeOffset AddSaturating(DateTimeOffset now, TimeSpan span) =>
        span > DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + span;

    private static TimeSpan NonNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    private static TimeSpan? Cap(TimeSpan? span, TimeSpan max) => span is TimeSpan value ? (value > max ? max : NonNegative(value)) : null;

    private static string WithMarker(string text, string? marker) => marker is null ? text : string.Concat(text, " (", marker.Trim('"'), ")");

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");

    private static string Describe(TransportError transport) => transport switch
    {
        TransportError.Connect => "connect failed",
        TransportError.NameResolution => "name resolution failed",
        TransportError.Tls => "TLS handshake failed",
        TransportError.Reset => "connection reset",
        TransportError.Timeout => "no first byte in time",
        TransportError.IdleTimeout => "stream idle before its first event",
        TransportError.Protocol => "malformed HTTP or SSE",
        _ => "unknown transport error",
    };

    // Inputs shared by the rules; RetryAfter is the header hint, already capped.
    private readonly record struct Context(DateTimeOffset Now, FailurePolicy Policy, TimeSpan? RetryAfter, TimeSpan MaxRetryAfter);
}
