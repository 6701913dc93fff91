using System.Globalization;
using System.Text;
using FlowGate.Routing.Failures;
using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Failures;

/// <summary>
/// Arbitrary upstream failures, clock readings and failure policies for the classifier's properties (pass with
/// <c>[Property(Arbitrary = new[] { typeof(FailureArbitraries) })]</c>): bodies mix the fragments the classifier
/// looks for with noise, statuses and Retry-After values reach past every edge, clocks run up to the extremes.
/// </summary>
public static class FailureArbitraries
{
    public static readonly DateTimeOffset Base = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    // Pieces the classifier looks for, mixed with noise, so that random bodies hit every rule and its edges.
    private static readonly string[] Fragments =
    [
        "prompt is too long", "context_length_exceeded", "Context Window", "signature", "thinking", "reasoning",
        "invalid_encrypted_content", "auth_unavailable", "auth_not_found", "quota", "validation required",
        "insufficient_quota", "\"overloaded_error\"", "\"rate_limit_error\"", "\"rate_limit_exceeded\"",
        "\"api_error\"", "\"server_error\"", "\"invalid_request_error\"", "\"authentication_error\"",
        "event: error\n", "data: {\"type\":\"error\",\"error\":{\"type\":", "try again in ", "1.5s", "20ms", "6m0s",
        "99999999999999999999999h", "-3s", "\"", "{", "}", " ", ":", "\n", "é", "\u0000", "TRY AGAIN IN",
    ];

    private static readonly Gen<string> Ascii =
        Gen.ArrayOf(Gen.Choose(32, 126).Select(c => (char)c)).Select(a => new string(a));

    private static readonly Gen<byte[]> Body = Gen.OneOf(
        Gen.ListOf(Gen.OneOf(Gen.Elements(Fragments), Ascii)).Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))),
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)));

    private static readonly Gen<int?> Status = Gen.OneOf(
        Gen.Constant<int?>(null),
        Gen.Choose(-10, 1100).Select(s => (int?)s),
        Gen.Elements<int?>(200, 400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 501, 502, 503, 504, 529));

    private static readonly Gen<string?> Header = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Choose(-1000, int.MaxValue).Select(s => (string?)s.ToString(CultureInfo.InvariantCulture)),
        Gen.Elements<string?>("1.5", "0", "99999999999999999999999999", "-0.5", "", " ", "soon", "Fri, 31 Dec 9999 23:59:59 GMT"),
        Gen.Choose(-100_000_000, 100_000_000).Select(s => (string?)Base.AddSeconds(s).ToString("r", CultureInfo.InvariantCulture)),
        Ascii.Select(s => (string?)s));

    private static readonly Gen<DateTimeOffset> NowGen = Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue).Select(s => Base.AddSeconds(s)),
        Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue.AddSeconds(-30)));

    private static readonly Gen<TransportError> Transport =
        Gen.Elements(Enum.GetValues<TransportError>()).Or(Gen.Constant((TransportError)99));

    private static readonly Gen<UpstreamFailure> FailureGen =
        from status in Status
        from body in Body
        from retryAfter in Header
        from retryAfterMs in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Header))
        from transport in Gen.Frequency((3, Gen.Constant(TransportError.None)), (1, Transport))
        select new UpstreamFailure { Status = status, BodyPrefix = body, RetryAfter = retryAfter, RetryAfterMs = retryAfterMs, Transport = transport };

    private static readonly Gen<TimeSpan> Duration = Gen.Choose(-100_000, 100_000).Select(s => TimeSpan.FromSeconds(s));

    private static readonly Gen<FailurePolicy> PolicyGen =
        from auth in Duration
        from quota in Duration
        from max in Duration
        from transient in Duration
        select new FailurePolicy { AuthCooldown = auth, AuthQuotaCooldown = quota, MaxRetryAfter = max, TransientCooldown = transient };

    internal static Arbitrary<UpstreamFailure> Failures() => Arb.From(FailureGen);

    public static Arbitrary<DateTimeOffset> Clocks() => Arb.From(NowGen);

    public static Arbitrary<FailurePolicy> Policies() => Arb.From(PolicyGen);
}
