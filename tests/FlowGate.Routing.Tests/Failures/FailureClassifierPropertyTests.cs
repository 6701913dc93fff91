using System.Globalization;
using System.Text;
using FlowGate.Routing.Failures;
using FlowGate.TestUtils;
using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Failures;

public sealed class FailureClassifierPropertyTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

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

    private static readonly Gen<DateTimeOffset> Now = Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue).Select(s => Base.AddSeconds(s)),
        Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue.AddSeconds(-30)));

    private static readonly Gen<TransportError> Transport =
        Gen.Elements(Enum.GetValues<TransportError>()).Or(Gen.Constant((TransportError)99));

    private static readonly Gen<UpstreamFailure> Failure =
        from status in Status
        from body in Body
        from retryAfter in Header
        from retryAfterMs in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Header))
        from transport in Gen.Frequency((3, Gen.Constant(TransportError.None)), (1, Transport))
        select new UpstreamFailure { Status = status, BodyPrefix = body, RetryAfter = retryAfter, RetryAfterMs = retryAfterMs, Transport = transport };

    private static readonly Gen<TimeSpan> Duration = Gen.Choose(-100_000, 100_000).Select(s => TimeSpan.FromSeconds(s));

    private static readonly Gen<FailurePolicy> RandomPolicy =
        from auth in Duration
        from quota in Duration
        from max in Duration
        from transient in Duration
        select new FailurePolicy { AuthCooldown = auth, AuthQuotaCooldown = quota, MaxRetryAfter = max, TransientCooldown = transient };

    [Fact]
    public void Property_DefaultPolicy_TotalAndBounded()
    {
        var policy = FailurePolicy.Default;
        var bound = Max(policy.AuthQuotaCooldown, policy.MaxRetryAfter);
        var gen = from failure in Failure from now in Now select (failure, now);

        PropertyCheck.ForAll(gen, c => AssertWellFormed(FailureClassifier.Classify(c.failure, c.now, policy), c.now, policy, bound), cases: 3_000);
    }

    [Fact]
    public void Property_AnyPolicy_TotalAndBounded()
    {
        var gen = from failure in Failure from now in Now from policy in RandomPolicy select (failure, now, policy);

        PropertyCheck.ForAll(gen, c =>
        {
            var p = c.policy;
            var bound = Max(Max(Max(p.AuthCooldown, p.AuthQuotaCooldown), p.TransientCooldown), p.MaxRetryAfter);
            AssertWellFormed(FailureClassifier.Classify(c.failure, c.now, p), c.now, p, Max(bound, TimeSpan.Zero));
        });
    }

    [Fact]
    public void Property_ReasonNeverQuotesUnknownBodyText()
    {
        var gen =
            from failure in Failure
            from canary in Gen.ArrayOf(Gen.Choose('a', 'z').Select(c => (char)c), 12).Select(a => "zq" + new string(a))
            select (failure, canary);

        PropertyCheck.ForAll(gen, c =>
        {
            var body = Encoding.UTF8.GetBytes(Pad(c.canary) + Encoding.UTF8.GetString(c.failure.BodyPrefix.Span) + Pad(c.canary));
            var result = FailureClassifier.Classify(c.failure with { BodyPrefix = body }, Base, FailurePolicy.Default);
            Assert.DoesNotContain(c.canary, result.Reason, StringComparison.OrdinalIgnoreCase);
        });

        static string Pad(string value) => " " + value + " ";
    }

    private static void AssertWellFormed(FailureClassification result, DateTimeOffset now, FailurePolicy policy, TimeSpan bound)
    {
        Assert.True(Enum.IsDefined(result.Class));
        Assert.InRange(result.Cooldown, TimeSpan.Zero, bound);
        if (result.Cooldown == TimeSpan.Zero)
        {
            Assert.Null(result.CooldownUntil);
        }
        else
        {
            var expected = result.Cooldown > DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + result.Cooldown;
            Assert.Equal(expected, result.CooldownUntil);
        }

        if (result.RetryAfter is TimeSpan wait)
        {
            Assert.InRange(wait, TimeSpan.Zero, Max(policy.MaxRetryAfter, TimeSpan.Zero));
        }

        if (result.Class is FailureClass.Signature or FailureClass.ContextLength or FailureClass.Client)
        {
            Assert.Equal(TimeSpan.Zero, result.Cooldown);
        }

        Assert.Equal(result.Class is FailureClass.Auth or FailureClass.Client, result.ClearsSticky);
        Assert.Equal(result.Class is not (FailureClass.Client or FailureClass.Signature), result.FallsBack);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
