using System.Globalization;
using System.Text;
using FlowGate.Routing.Failures;

namespace FlowGate.Routing.Tests.Failures;

public sealed class FailureClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly FailurePolicy Policy = FailurePolicy.Default;

    private static FailureClassification Classify(int status, string body = "", string? retryAfter = null, string? retryAfterMs = null) =>
        FailureClassifier.Classify(
            new UpstreamFailure { Status = status, BodyPrefix = Encoding.UTF8.GetBytes(body), RetryAfter = retryAfter, RetryAfterMs = retryAfterMs },
            Now,
            Policy);

    private static void AssertClass(FailureClassification result, FailureClass expected, TimeSpan cooldown)
    {
        Assert.Equal(expected, result.Class);
        Assert.Equal(cooldown, result.Cooldown);
        Assert.Equal(cooldown == TimeSpan.Zero ? null : Now + cooldown, result.CooldownUntil);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    // --- auth ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(402)]
    public void AuthStatus_IsAuth_FiveMinutes_ClearsSticky_FallsBack(int status)
    {
        var result = Classify(status, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");

        AssertClass(result, FailureClass.Auth, TimeSpan.FromMinutes(5));
        Assert.True(result.ClearsSticky);
        Assert.True(result.FallsBack);
    }

    [Theory]
    [InlineData(500, """{"error":{"message":"auth_unavailable: no auth available","type":"server_error"}}""")]
    [InlineData(503, """{"error":{"message":"auth_not_found","type":"server_error"}}""")]
    [InlineData(400, """{"error":{"message":"AUTH_UNAVAILABLE"}}""")]
    public void AuthMarkerInBody_IsAuth_AtAnyStatus(int status, string body)
    {
        var result = Classify(status, body);

        AssertClass(result, FailureClass.Auth, TimeSpan.FromMinutes(5));
        Assert.Contains("auth_", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "You exceeded your current quota")]
    [InlineData(403, """{"error":{"status":"PERMISSION_DENIED","message":"Validation required to continue"}}""")]
    [InlineData(403, """{"error":{"reason":"VALIDATION_REQUIRED"}}""")]
    [InlineData(500, "auth_unavailable: quota exhausted for all credentials")]
    public void AuthWithQuotaText_IsAuth_TwelveHours(int status, string body) =>
        AssertClass(Classify(status, body), FailureClass.Auth, TimeSpan.FromHours(12));

    [Fact]
    public void Status429_WithInsufficientQuota_IsAuthQuota_NotRateLimit()
    {
        var result = Classify(429, """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}""", retryAfter: "20");

        AssertClass(result, FailureClass.Auth, TimeSpan.FromHours(12));
    }

    // --- rate ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Status429_WithRetryAfterSeconds_CoolsForThatLong()
    {
        var result = Classify(429, """{"type":"error","error":{"type":"rate_limit_error"}}""", retryAfter: "30");

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
        Assert.False(result.ClearsSticky);
        Assert.True(result.FallsBack);
    }

    [Fact]
    public void Status429_WithRetryAfterHttpDate_CoolsUntilThatDate()
    {
        var date = (Now + TimeSpan.FromSeconds(90)).ToString("r", CultureInfo.InvariantCulture);

        var result = Classify(429, retryAfter: date);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromSeconds(90));
        Assert.Equal(Now.AddSeconds(90), result.CooldownUntil);
    }

    [Fact]
    public void Status429_WithoutRetryAfter_OnlyCounts()
    {
        var result = Classify(429);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.Zero);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public void Status429_RetryAfterMs_WinsOverRetryAfter()
    {
        var result = Classify(429, retryAfter: "30", retryAfterMs: "1500");

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void Status429_UnreadableRetryAfterMs_FallsBackToRetryAfter() =>
        AssertClass(Classify(429, retryAfter: "7", retryAfterMs: "soon"), FailureClass.RateLimit, TimeSpan.FromSeconds(7));

    [Fact]
    public void Status429_TryAgainInBody_IsUsedWithoutHeader()
    {
        var result = Classify(429, """{"error":{"message":"Rate limit reached for gpt-5. Please try again in 1.5s.","code":"rate_limit_exceeded"}}""");

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.FromSeconds(1.5), result.RetryAfter);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(529)]
    public void OverloadStatus_IsRateLimit(int status)
    {
        AssertClass(Classify(status, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""), FailureClass.RateLimit, TimeSpan.Zero);
        AssertClass(Classify(status, retryAfter: "5"), FailureClass.RateLimit, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("86400")]
    [InlineData("99999999999999999999999999")]
    public void RetryAfter_IsCappedAtMaxRetryAfter(string retryAfter)
    {
        var result = Classify(429, retryAfter: retryAfter);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromHours(1), result.RetryAfter);
    }

    [Fact]
    public void RetryAfter_FarFutureDate_IsCapped() =>
        AssertClass(Classify(429, retryAfter: "Fri, 31 Dec 9999 23:59:59 GMT"), FailureClass.RateLimit, TimeSpan.FromHours(1));

    [Fact]
    public void RetryAfter_CapComesFromPolicy()
    {
        var policy = Policy with { MaxRetryAfter = TimeSpan.FromSeconds(10) };

        var result = FailureClassifier.Classify(UpstreamFailure.FromStatus(429, retryAfter: "600"), Now, policy);

        Assert.Equal(TimeSpan.FromSeconds(10), result.Cooldown);
    }

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("0")]
    [InlineData("-5")]
    public void RetryAfter_InThePastOrZero_MeansNoCooldown(string retryAfter)
    {
        var result = Classify(429, retryAfter: retryAfter);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.Zero);
        Assert.Null(result.CooldownUntil);
        Assert.Equal(TimeSpan.Zero, result.RetryAfter);
        Assert.True(result.FallsBack);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("Sun, 06 Nov 1994")]
    public void RetryAfter_Garbage_IsIgnored(string retryAfter)
    {
        var result = Classify(429, retryAfter: retryAfter);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.Zero);
        Assert.Null(result.RetryAfter);
    }

    // --- transient ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(520)]
    [InlineData(599)]
    public void ServerError_IsTransient_AndOnlyCounts(int status)
    {
        var result = Classify(status, """{"type":"error","error":{"type":"api_error","message":"Internal server error"}}""");

        AssertClass(result, FailureClass.Transient, TimeSpan.Zero);
        Assert.False(result.ClearsSticky);
        Assert.True(result.FallsBack);
    }

    [Fact]
    public void Transient_KeepsItsRetryAfter_WithoutEjectingAtOnce()
    {
        var result = Classify(500, retryAfter: "10");

        AssertClass(result, FailureClass.Transient, TimeSpan.Zero);
        Assert.True(result.Counts);
        Assert.Equal(TimeSpan.FromSeconds(10), result.RetryAfter);
    }

    [Theory]
    [InlineData(nameof(TransportError.Connect))]
    [InlineData(nameof(TransportError.NameResolution))]
    [InlineData(nameof(TransportError.Tls))]
    [InlineData(nameof(TransportError.Reset))]
    [InlineData(nameof(TransportError.Timeout))]
    [InlineData(nameof(TransportError.IdleTimeout))]
    [InlineData(nameof(TransportError.Protocol))]
    public void TransportError_IsTransient(string transportName)
    {
        var transport = Enum.Parse<TransportError>(transportName);
        var result = FailureClassifier.Classify(UpstreamFailure.FromTransport(transport), Now, Policy);

        AssertClass(result, FailureClass.Transient, TimeSpan.Zero);
        Assert.True(result.FallsBack);
        Assert.StartsWith("transport: ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportError_AfterA200_IsTransient()
    {
        var failure = new UpstreamFailure { Status = 200, Transport = TransportError.IdleTimeout };

        AssertClass(FailureClassifier.Classify(failure, Now, Policy), FailureClass.Transient, TimeSpan.Zero);
    }

    [Fact]
    public void TransportError_AfterAnErrorStatus_IsClassifiedByTheStatus()
    {
        var failure = new UpstreamFailure { Status = 429, RetryAfter = "12", Transport = TransportError.Reset };

        AssertClass(FailureClassifier.Classify(failure, Now, Policy), FailureClass.RateLimit, TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void NoStatusAndNoTransportError_IsTransient() =>
        AssertClass(FailureClassifier.Classify(default, Now, Policy), FailureClass.Transient, TimeSpan.Zero);

    [Theory]
    [InlineData(302)]
    [InlineData(101)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(600)]
    public void UnexpectedStatus_IsTransient(int status) =>
        AssertClass(Classify(status), FailureClass.Transient, TimeSpan.Zero);

    // --- signature ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: Invalid `signature` in `thinking` block"}}""")]
    [InlineData(422, """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: Invalid `signature` in `thinking` block"}}""")]
    [InlineData(400, """{"error":{"message":"reasoning item signature mismatch","type":"invalid_request_error"}}""")]
    [InlineData(400, """{"error":{"message":"The encrypted content for item rs_1 could not be verified.","code":"invalid_encrypted_content"}}""")]
    [InlineData(400, """{"error":{"message":"bad signature on encrypted_content"}}""")]
    public void SignatureRejected_IsSignature_NoCooldown(int status, string body)
    {
        var result = Classify(status, body);

        AssertClass(result, FailureClass.Signature, TimeSpan.Zero);
        Assert.False(result.ClearsSticky);
        Assert.False(result.FallsBack);
    }

    [Fact]
    public void SignatureWithoutThinking_IsClient() =>
        AssertClass(Classify(400, """{"error":{"message":"webhook signature invalid"}}"""), FailureClass.Client, TimeSpan.Zero);

    [Fact]
    public void SignatureAt500_IsTransient() =>
        AssertClass(Classify(500, "Invalid `signature` in `thinking` block"), FailureClass.Transient, TimeSpan.Zero);

    // --- context ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(400, """{"error":{"message":"Your input exceeds the context window of this model.","code":"context_length_exceeded"}}""")]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 212345 tokens > 200000 maximum"}}""")]
    [InlineData(400, """{"object":"error","message":"This model's maximum context length is 8192 tokens. However, you requested 9000 tokens."}""")]
    [InlineData(400, "Request exceeds the model's Context Window")]
    [InlineData(400, "CONTEXT_LENGTH_EXCEEDED")]
    [InlineData(400, "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000")]
    [InlineData(413, "Prompt is too long")]
    [InlineData(422, "maximum context length exceeded")]
    public void ContextExceeded_IsContextLength_NoCooldown(int status, string body)
    {
        var result = Classify(status, body);

        AssertClass(result, FailureClass.ContextLength, TimeSpan.Zero);
        Assert.True(result.FallsBack);
        Assert.False(result.ClearsSticky);
    }

    [Fact]
    public void ContextMarkerWinsOverSignature() =>
        AssertClass(Classify(400, "prompt is too long (thinking signature blocks included)"), FailureClass.ContextLength, TimeSpan.Zero);

    [Fact]
    public void ContextMarkerAt500_IsTransient() =>
        AssertClass(Classify(500, "context_length_exceeded"), FailureClass.Transient, TimeSpan.Zero);

    // --- client -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: must be positive"}}""")]
    [InlineData(404, """{"type":"error","error":{"type":"not_found_error","message":"model: foo"}}""")]
    [InlineData(409, "")]
    [InlineData(413, """{"type":"error","error":{"type":"request_too_large"}}""")]
    [InlineData(422, """{"detail":"unprocessable"}""")]
    [InlineData(499, "")]
    public void OtherClientError_IsClient_NoCooldown_NoFallback_ClearsSticky(int status, string body)
    {
        var result = Classify(status, body);

        AssertClass(result, FailureClass.Client, TimeSpan.Zero);
        Assert.False(result.FallsBack);
        Assert.True(result.ClearsSticky);
        Assert.Null(result.RetryAfter);
    }

    // --- first SSE event is an error ----------------------------------------------------------------------------

    private static string AnthropicErrorEvent(string type, string message) =>
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}\n\n";

    private static string ResponsesFailedEvent(string code, string message) =>
        "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}}\n\n";

    [Theory]
    [InlineData("overloaded_error", "Overloaded", FailureClass.RateLimit, 0)]
    [InlineData("rate_limit_error", "Number of requests has exceeded your rate limit", FailureClass.RateLimit, 0)]
    [InlineData("api_error", "Internal server error", FailureClass.Transient, 0)]
    [InlineData("authentication_error", "invalid x-api-key", FailureClass.Auth, 300)]
    [InlineData("permission_error", "Your credit balance is too low", FailureClass.Auth, 300)]
    [InlineData("invalid_request_error", "messages: text content blocks must be non-empty", FailureClass.Client, 0)]
    [InlineData("invalid_request_error", "prompt is too long: 212345 tokens > 200000 maximum", FailureClass.ContextLength, 0)]
    [InlineData("invalid_request_error", "Invalid `signature` in `thinking` block", FailureClass.Signature, 0)]
    [InlineData("mystery_error", "?", FailureClass.Transient, 0)]
    public void AnthropicFirstEventError_IsClassifiedByItsType(string type, string message, FailureClass expected, int cooldownSeconds) =>
        AssertClass(Classify(200, AnthropicErrorEvent(type, message)), expected, TimeSpan.FromSeconds(cooldownSeconds));

    [Theory]
    [InlineData("rate_limit_exceeded", "Rate limit reached.", FailureClass.RateLimit, 0)]
    [InlineData("server_error", "The server had an error while processing your request.", FailureClass.Transient, 0)]
    [InlineData("context_length_exceeded", "Your input exceeds the limit.", FailureClass.ContextLength, 0)]
    [InlineData("insufficient_quota", "You exceeded your current quota.", FailureClass.Auth, 43200)]
    [InlineData("usage_not_included", "Your plan does not include API usage.", FailureClass.Auth, 43200)]
    [InlineData("invalid_prompt", "Invalid prompt.", FailureClass.Client, 0)]
    [InlineData("invalid_encrypted_content", "The encrypted content could not be verified.", FailureClass.Signature, 0)]
    public void ResponsesFailedFirstEvent_IsClassifiedByItsCode(string code, string message, FailureClass expected, int cooldownSeconds) =>
        AssertClass(Classify(200, ResponsesFailedEvent(code, message)), expected, TimeSpan.FromSeconds(cooldownSeconds));

    [Fact]
    public void ResponsesErrorEvent_WithTryAgainIn_CoolsForTheHint()
    {
        const string body = "event: error\ndata: {\"type\":\"error\",\"sequence_number\":0,\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached for gpt-5 on tokens per min. Please try again in 20ms.\",\"param\":null}\n\n";

        var result = Classify(200, body);

        AssertClass(result, FailureClass.RateLimit, TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromMilliseconds(20), result.RetryAfter);
    }

    [Fact]
    public void ChatFirstChunkError_IsClassifiedByItsType() =>
        AssertClass(Classify(200, "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}\n\n"), FailureClass.Transient, TimeSpan.Zero);

    [Fact]
    public void FirstEventTypeInMessageText_DoesNotCount()
    {
        // The quotes keep a word in a message from passing for an error type.
        var result = Classify(200, AnthropicErrorEvent("invalid_request_error", "not an overloaded_error, just bad input"));

        Assert.Equal(FailureClass.Client, result.Class);
    }

    // --- reasons, limits and policy ----------------------------------------------------------------------------

    [Fact]
    public void Reason_NeverQuotesTheBody()
    {
        var result = Classify(401, """{"error":{"message":"key sk-canary-123456 is invalid"}}""");

        Assert.DoesNotContain("sk-canary", result.Reason, StringComparison.Ordinal);
        Assert.Contains("401", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_NamesTheMarker() =>
        Assert.Contains("prompt is too long", Classify(400, "Prompt is too long").Reason, StringComparison.Ordinal);

    [Fact]
    public void MarkersPastTheScanLimit_AreNotSeen()
    {
        const string marker = "prompt is too long";
        var fits = new string(' ', FailureClassifier.ScanLimit - marker.Length) + marker;

        AssertClass(Classify(400, fits), FailureClass.ContextLength, TimeSpan.Zero);
        AssertClass(Classify(400, " " + fits), FailureClass.Client, TimeSpan.Zero);
    }

    [Fact]
    public void CooldownsComeFromPolicy()
    {
        var policy = new FailurePolicy
        {
            AuthCooldown = TimeSpan.FromMinutes(1),
            AuthQuotaCooldown = TimeSpan.FromMinutes(2),
            TransientCooldown = TimeSpan.FromMinutes(4),
        };

        Assert.Equal(TimeSpan.FromMinutes(1), FailureClassifier.Classify(UpstreamFailure.FromStatus(401), Now, policy).Cooldown);
        Assert.Equal(TimeSpan.FromMinutes(2), FailureClassifier.Classify(UpstreamFailure.FromStatus(401, "quota"u8.ToArray()), Now, policy).Cooldown);

        // Without an explicit signal nothing ejects at once: the failure counts toward allowed_fails instead.
        Assert.True(FailureClassifier.Classify(UpstreamFailure.FromStatus(429), Now, policy) is { Cooldown.Ticks: 0, Counts: true });
        Assert.True(FailureClassifier.Classify(UpstreamFailure.FromStatus(500), Now, policy) is { Cooldown.Ticks: 0, Counts: true });
        Assert.True(FailureClassifier.Classify(UpstreamFailure.FromStatus(429, retryAfter: "7"), Now, policy) is { Counts: false, Cooldown.TotalSeconds: 7 });
    }

    [Fact]
    public void NegativePolicyDurations_CountAsZero()
    {
        var policy = new FailurePolicy { TransientCooldown = TimeSpan.FromSeconds(-1), MaxRetryAfter = TimeSpan.FromSeconds(-1) };

        var transient = FailureClassifier.Classify(UpstreamFailure.FromStatus(500, retryAfter: "30"), Now, policy);

        Assert.Equal(TimeSpan.Zero, transient.Cooldown);
        Assert.Equal(TimeSpan.Zero, transient.RetryAfter);
        Assert.Null(transient.CooldownUntil);
    }

    [Fact]
    public void CooldownUntil_SaturatesAtMaxValue()
    {
        var result = FailureClassifier.Classify(UpstreamFailure.FromStatus(401), DateTimeOffset.MaxValue.AddSeconds(-1), Policy);

        Assert.Equal(DateTimeOffset.MaxValue, result.CooldownUntil);
    }

    [Fact]
    public void NullPolicy_Throws() =>
        Assert.Throws<ArgumentNullException>(() => FailureClassifier.Classify(default, Now, null!));
}
