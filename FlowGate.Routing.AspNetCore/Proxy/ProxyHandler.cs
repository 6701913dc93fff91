using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Errors;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Secrets;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Tokens;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Handles one inference request end to end: gateway key, concurrency limit, bounded body, features, the core's
/// decision, then the attempt loop — each step planned by the core and executed by <see cref="ProxyExchange"/>, under
/// the request's total deadline (<see cref="RequestTimeouts"/>) — and, when nothing was committed, the final answer in
/// the client's protocol.
/// </summary>
internal sealed class ProxyHandler
{
    /// <summary>The longest <c>model</c> a request may name.</summary>
    public const int MaxModelLength = 256;

    /// <summary>When a client refused for the body budget may retry: bodies in flight are released within seconds.</summary>
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(2);

    private static readonly string[] ProtocolNames = ["anthropic-messages", "openai-chat", "openai-responses"];

    private readonly GatewayRuntimeHolder _runtime;
    private readonly ProxyServices _services;
    private int _inFlight;

    public ProxyHandler(GatewayRuntimeHolder runtime, GatewayState state, ITargetStateStore store, FlowGateMetrics metrics, ProxyLog log, ShutdownDrain drain, UsageRecorder usage)
    {
        _runtime = runtime;
        _services = new ProxyServices(state, runtime.Clients, metrics, log, drain) { Usage = usage, Store = store };
    }

    public static Task MethodNotAllowedAsync(HttpContext context, ClientProtocol protocol) =>
        ClientErrors.WriteAsync(context, protocol, ErrorKind.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}; use POST.");

    public Task HandleAsync(HttpContext context, ClientProtocol protocol, bool countTokens)
    {
        var runtime = _runtime.Current;
        var started = _services.State.Time.GetTimestamp();
        if (GatewayAuth.Check(context, runtime.Config, out var keyIndex) is { } denied)
        {
            return RejectAsync(context, protocol, denied, denied == ErrorKind.Authentication ? "invalid or missing gateway key." : "this gateway accepts requests from loopback only; configure a gateway key to allow others.");
        }

        var key = UsageRecorder.KeyName(runtime.Config, keyIndex);
        if (SpentKeyBudget(runtime.Config, keyIndex) is { } retryAfter)
        {
            var named = runtime.Config.NamedKeyAt(keyIndex)!;
            var next = _services.State.Time.GetUtcNow() + retryAfter;
            return RejectAsync(context, protocol, ErrorKind.RateLimited, $"gateway key '{named.Name}' has used its daily budget of {named.MaxDailyTokens} tokens; it starts again at {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC.", retryAfter);
        }

        if (Interlocked.Increment(ref _inFlight) > runtime.Limits.MaxConcurrentRequests)
        {
            Interlocked.Decrement(ref _inFlight);
            return RejectAsync(context, protocol, ErrorKind.RateLimited, "the gateway is at its concurrency limit; retry shortly.", TimeSpan.FromSeconds(1));
        }

        // The server wants a Task. The work below runs on pooled state machines: reused while few requests are in flight
        // (the pool keeps one per thread and per core), new ones beyond that.
        return ServeCountedAsync(context, protocol, countTokens, runtime, started, key).AsTask();
    }

    /// <summary>Serves a request counted in <see cref="_inFlight"/>, answering what escapes as the gateway's own failure.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ServeCountedAsync(HttpContext context, ClientProtocol protocol, bool countTokens, GatewayRuntime runtime, long started, string key)
    {
        try
        {
            await ServeAsync(context, protocol, countTokens, runtime, started, key).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            _services.Log.Fault(context.TraceIdentifier, e);
            if (!context.Response.HasStarted)
            {
                await ClientErrors.WriteAsync(context, protocol, ErrorKind.Internal, "FlowGate failed to handle the request; see the gateway log.").ConfigureAwait(false);
            }
            else
            {
                context.Abort();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// How long until a named key's daily budget is whole again, when the key presented has used it all; null while it
    /// has tokens left (or has no budget). A request under the budget may take the key past it: tokens are known only
    /// once an answer ends.
    /// </summary>
    private TimeSpan? SpentKeyBudget(GatewayConfig config, int keyIndex)
    {
        if (config.NamedKeyAt(keyIndex) is not { MaxDailyTokens: { } budget } named)
        {
            return null;
        }

        var now = _services.State.Time.GetUtcNow();
        var day = BudgetDay.StartOf(now, config.BudgetDayStart);
        return _services.State.KeyBudgets.Used(named.Name, day) >= budget ? day.AddDays(1) - now : null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ServeAsync(HttpContext context, ClientProtocol protocol, bool countTokens, GatewayRuntime runtime, long started, string key)
    {
        if (context.Request.ContentType is { } contentType && !IsJson(contentType))
        {
            await RejectAsync(context, protocol, ErrorKind.UnsupportedMediaType, $"the body must be JSON (application/json), not '{Truncate(contentType)}'.").ConfigureAwait(false);
            return;
        }

        // The server's own cap (Kestrel: 30,000,000 bytes) would otherwise cut FlowGate's limit short with a failure
        // of its own; FlowGate's limit is enforced per request below, in the client's protocol.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = runtime.Limits.MaxRequestBodyBytes + 1;
        }

        // Every body buffer this request holds (its own body, whole answers) is reserved here, and released at its end.
        using var bodies = _services.Bodies.Lease(runtime.Limits.MaxBufferedBodyBytes);
        RequestBody? body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, runtime.Limits.MaxRequestBodyBytes, bodies, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BodyBudgetExceededException e)
        {
            // The rest of the upload is read and dropped (memory stays bounded): a connection closed on a client still
            // sending is reset, and the reset throws away the 503 the client was about to read.
            await RequestBody.DiscardRestAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            await RejectAsync(context, protocol, ErrorKind.Busy, e.Message, BusyRetryAfter).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // The server refused the body as it read it: slower than the minimum data rate (408), shorter than its
            // Content-Length (400), or over a size cap (413). The client's fault, answered in its protocol.
            var (kind, why) = e.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => (ErrorKind.RequestTimeout, "the request body arrived slower than the gateway's minimum data rate."),
                StatusCodes.Status413PayloadTooLarge => (ErrorKind.RequestTooLarge, $"the request body is larger than the gateway's limit of {runtime.Limits.MaxRequestBodyBytes / (1024 * 1024)} MiB."),
                _ => (ErrorKind.InvalidRequest, "the request body ended before its Content-Length, or its framing is invalid."),
            };
            await RejectAsync(context, protocol, kind, why).ConfigureAwait(false);
            return;
        }

        using var owned = body;
        if (body is null)
        {
            await RejectAsync(context, protocol, ErrorKind.RequestTooLarge, $"the request body is larger than the gateway's limit of {runtime.Limits.MaxRequestBodyBytes / (1024 * 1024)} MiB.").ConfigureAwait(false);
            return;
        }

        await IoThread.LeaveForLargeAsync(body.Length).ConfigureAwait(false);
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            await RejectAsync(context, protocol, ErrorKind.InvalidRequest, "the request body is not valid UTF-8.").ConfigureAwait(false);
            return;
        }

        RequestFeatures features;
        try
        {
            features = RequestFeatureExtractor.Extract(body.Span, protocol, runtime.Table.ReadsLastUserText);
        }
        catch (InvalidRequestBodyException e)
        {
            await RejectAsync(context, protocol, ErrorKind.InvalidRequest, e.Message).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrWhiteSpace(features.Model))
        {
            await RejectAsync(context, protocol, ErrorKind.InvalidRequest, "the request has no 'model'.").ConfigureAwait(false);
            return;
        }

        if (features.Model.Length > MaxModelLength)
        {
            // A name this long is no model: refuse it before any lookup or closest-name search pays for its length.
            await RejectAsync(context, protocol, ErrorKind.InvalidRequest, $"'model' is {features.Model.Length} characters long; at most {MaxModelLength} are allowed.").ConfigureAwait(false);
            return;
        }

        var now = _services.State.Time.GetUtcNow();
        var session = SessionKeys.Choose(features, context.Request.Headers, static (headers, name) => headers.TryGetValue(name, out var v) ? v.ToString() : null);
        var failurePolicy = runtime.Config.Routing.Failures;
        features = features with { SessionKey = session, FailureStreak = _services.State.Streaks.Get(session, features.Model, now, failurePolicy.FailureStreakWindow) };
        var decision = Decide(runtime, features, now);
        if (decision.Route is null)
        {
            await ClientErrors.UnknownModelAsync(context, protocol, Truncate(features.Model), decision.Resolution.ClosestMatch).ConfigureAwait(false);
            _services.Log.Rejected(context.TraceIdentifier, context.Response.StatusCode, $"unknown model '{Truncate(features.Model)}'");
            _services.Metrics.RequestCompleted(null, protocol, context.Response.StatusCode, TimeSpan.Zero);
            return;
        }

        if (countTokens && decision.Target is { } first && first.Upstream.Protocol.WireProtocolFor(protocol) != ClientProtocol.AnthropicMessages)
        {
            await WriteTokenCountAsync(context, body, features).ConfigureAwait(false);
            return;
        }

        using var span = Tracing.FlowGateTracing.StartRequest(protocol, features.Model, decision.Route.Name);
        using var timeouts = RequestTimeouts.Start(_services.State.Time, runtime.Limits.RequestTimeout, context.RequestAborted);
        var exchange = new ProxyExchange(_services, context, protocol, countTokens, runtime, body, bodies, features, decision, timeouts);
        var redacting = ResponseRedaction.Install(context, runtime.Redactor);
        AttemptOutcome? outcome;
        try
        {
            outcome = decision.FirstAttempt is { HasAttempt: true } ? await RunAsync(exchange).ConfigureAwait(false) : null;
        }
        catch (InvalidRequestBodyException e) when (!context.Response.HasStarted)
        {
            // The rewrite or the translation refused the body (a duplicated key it must edit, a shape the upstream's
            // protocol cannot say): the same for every target, so the client's request is at fault.
            await RejectAsync(context, protocol, ErrorKind.InvalidRequest, e.Message).ConfigureAwait(false);
            await ResponseRedaction.CompleteAsync(context, redacting).ConfigureAwait(false);
            return;
        }
        catch (BodyBudgetExceededException e) when (!context.Response.HasStarted)
        {
            // A whole answer would take the gateway past its body budget: the gateway's state, not the target's.
            await RejectAsync(context, protocol, ErrorKind.Busy, e.Message, BusyRetryAfter).ConfigureAwait(false);
            await ResponseRedaction.CompleteAsync(context, redacting).ConfigureAwait(false);
            return;
        }

        if (outcome is null || outcome.Kind is AttemptResultKind.Failed or AttemptResultKind.Untranslatable)
        {
            await WriteFinalFailureAsync(exchange, outcome).ConfigureAwait(false);
        }

        await ResponseRedaction.CompleteAsync(context, redacting).ConfigureAwait(false);

        Finish(exchange, outcome, started, key, span);
    }

    private RoutingDecision Decide(GatewayRuntime runtime, RequestFeatures features, DateTimeOffset now)
    {
        // No lock here: round-robin picks lock their own route, target state changes lock their own target.
        var snapshot = new RoutingSnapshot(_services.Store.View(runtime.Table), _services.State.Sticky.Current, now, _services.State.ViewOf(runtime.Table));
        return runtime.Router.Decide(features.Model!, features, snapshot, Random.Shared.NextDouble());
    }

    /// <summary>Executes the core's steps until one ends the request (success, commit, cancel) or the core plans no more.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<AttemptOutcome?> RunAsync(ProxyExchange exchange)
    {
        var timeouts = exchange.Timeouts;
        try
        {
            while (true)
            {
                var outcome = await exchange.AttemptAsync(timeouts.Deadline).ConfigureAwait(false);
                if (!outcome.Retry)
                {
                    return outcome;
                }
            }
        }
        catch (OperationCanceledException) when (timeouts.DeadlinePassed)
        {
            if (!exchange.Context.Response.HasStarted)
            {
                await ClientErrors.WriteAsync(exchange.Context, exchange.Protocol, ErrorKind.Timeout, $"the request did not complete within {exchange.Runtime.Limits.RequestTimeout.TotalSeconds:0} s ({exchange.Attempts} attempt(s)).").ConfigureAwait(false);
            }

            return AttemptOutcome.FailedAfterCommit;
        }
        catch (OperationCanceledException) when (exchange.Context.RequestAborted.IsCancellationRequested)
        {
            return AttemptOutcome.Canceled;
        }
    }

    /// <summary>
    /// Answers a request no attempt could serve. No attempt at all: explicit upstream signals keep every target out
    /// (transient ejections never do: the core panics instead), so 429 after a rate limit, else 503 (529 for Anthropic
    /// clients), with <c>Retry-After</c> the soonest return. Otherwise the last attempt speaks: an upstream's own
    /// error (a client error, or the last failure of the plan) goes to the client unchanged, since clients match on
    /// its wording — except 401/403, which are FlowGate's credentials, not the client's. A transport failure is 502 or 504.
    /// </summary>
    private Task WriteFinalFailureAsync(ProxyExchange exchange, AttemptOutcome? outcome)
    {
        var context = exchange.Context;
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var step = exchange.Step;
        var route = exchange.Decision.Route!.Name;
        context.Response.Headers["x-flowgate-route"] = route;
        context.Response.Headers["x-flowgate-attempts"] = exchange.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = _services.State.Time.GetUtcNow();
        if (outcome is null)
        {
            var wait = step.RetryAt is { } at && at > now ? at - now : TimeSpan.FromSeconds(1);
            var seconds = Math.Ceiling(wait.TotalSeconds);
            return step.RefusedFor == Routing.Failures.FailureClass.RateLimit
                ? ClientErrors.WriteAsync(context, exchange.Protocol, ErrorKind.RateLimited, $"every target of '{route}' is rate-limited (an upstream asked FlowGate to wait, or a per-minute rpm/tpm budget is spent); retry after {seconds} s.", wait)
                : ClientErrors.WriteAsync(context, exchange.Protocol, ErrorKind.Overloaded, $"no target of '{route}' can take the request: the upstreams refused FlowGate's credentials or asked it to wait; retry after {seconds} s.", wait);
        }

        if (outcome.Kind == AttemptResultKind.Untranslatable)
        {
            var wire = exchange.Decision.Target!.Upstream.Protocol.WireProtocolFor(exchange.Protocol);
            return ClientErrors.WriteAsync(context, exchange.Protocol, ErrorKind.NotImplemented, $"route '{route}' goes to an upstream that speaks {ProtocolNames[(int)wire]}; translating {ProtocolNames[(int)exchange.Protocol]} requests to it is not available in this build.");
        }

        // An upstream's own error body goes through; a redirect (never followed) or an empty error body is FlowGate's 502.
        if (outcome is { Status: { } status and >= 400, ErrorBody: { Length: > 0 } errorBody } && status is not (401 or 403))
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = outcome.ErrorContentType ?? "application/json";
            if (outcome.Failure?.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return context.Response.Body.WriteAsync(errorBody).AsTask();
        }

        var reason = outcome.Failure?.Reason ?? "no answer";
        var kind = outcome.Transport is Routing.Failures.TransportError.Timeout ? ErrorKind.Timeout : ErrorKind.BadGateway;
        var upstreamNote = outcome.Status switch
        {
            401 or 403 => $" (the upstream refused FlowGate's credentials with {outcome.Status})",
            >= 300 and < 400 => $" (the upstream answered a redirect, {outcome.Status}, which FlowGate does not follow)",
            >= 400 when outcome.ErrorBody is { Length: 0 } => $" (the upstream answered {outcome.Status} with an empty body)",
            _ => string.Empty,
        };
        return ClientErrors.WriteAsync(context, exchange.Protocol, kind, $"all {exchange.Attempts} attempt(s) for '{route}' failed; last: {reason}{upstreamNote}.");
    }

    private void Finish(ProxyExchange exchange, AttemptOutcome? outcome, long started, string key, System.Diagnostics.Activity? span)
    {
        var elapsed = _services.State.Time.GetElapsedTime(started);
        var answeredBy = exchange.ServedBy ?? (outcome?.Kind == AttemptResultKind.FailedAfterCommit ? exchange.LastTried : null);
        var route = answeredBy is not null ? exchange.Step.Route?.Name ?? exchange.Decision.Route!.Name : exchange.Decision.Route!.Name;
        var status = outcome?.Kind switch
        {
            AttemptResultKind.Canceled => 499,
            // The 200 went out before the answer broke (the client got the protocol's terminal error): a failure, as 502.
            AttemptResultKind.FailedAfterCommit when exchange.Context.Response.StatusCode is >= 200 and < 300 => 502,
            _ => exchange.Context.Response.StatusCode,
        };
        var session = exchange.Features.SessionKey;
        var model = exchange.Features.Model!;
        if (outcome?.Kind == AttemptResultKind.Succeeded)
        {
            _services.State.Streaks.Succeeded(session, model);
        }
        else if (outcome?.Kind != AttemptResultKind.Canceled)
        {
            _services.State.Streaks.Failed(session, model, _services.State.Time.GetUtcNow(), exchange.Runtime.Config.Routing.Failures.FailureStreakWindow);
        }

        var upstream = (exchange.ServedBy ?? exchange.LastTried)?.Upstream.Name ?? "-";
        var described = outcome?.Kind.ToString() ?? "NoTarget";
        if (!exchange.CountTokens)
        {
            var target = exchange.ServedBy ?? exchange.LastTried;
            var summary = new RecentRequest(_services.State.Time.GetUtcNow(), route, exchange.Protocol, target?.Upstream.Name, target?.Config.Model, status, exchange.Attempts, exchange.Usage.Tokens, elapsed)
            {
                TimeToFirstByte = exchange.Usage.FirstByte,
            };
            _services.Usage.Record(summary, answeredBy, key, exchange.Runtime.Config.BudgetDayStart);
        }

        Tracing.FlowGateTracing.EndRequest(span, exchange.ServedBy, exchange.Attempts, status, described, exchange.Usage.Reported ? exchange.Usage.Tokens : null);
        _services.Metrics.RequestCompleted(route, exchange.Protocol, status, elapsed);
        _services.Log.Request(exchange.Context.TraceIdentifier, ProtocolNames[(int)exchange.Protocol], model, route, upstream, status, exchange.Attempts, described, elapsed.TotalMilliseconds);
    }

    private async Task RejectAsync(HttpContext context, ClientProtocol protocol, ErrorKind kind, string message, TimeSpan? retryAfter = null)
    {
        await ClientErrors.WriteAsync(context, protocol, kind, message, retryAfter).ConfigureAwait(false);
        var status = context.Response.StatusCode;
        _services.Log.Rejected(context.TraceIdentifier, status, message);
        _services.Metrics.RequestCompleted(null, protocol, status, TimeSpan.Zero);
    }

    private static Task WriteTokenCountAsync(HttpContext context, RequestBody body, RequestFeatures features)
    {
        // An OpenAI-family upstream has no count_tokens: count with its tokenizer (o200k_base); the byte-based
        // estimate (about 4 bytes of prompt per token) answers only if the body cannot be read as JSON.
        string source;
        int tokens;
        try
        {
            tokens = O200kTokenCounter.Count(body.Span);
            source = O200kTokenCounter.Encoding;
        }
        catch (JsonException)
        {
            tokens = features.EstimatedInputTokens;
            source = "estimate";
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers["x-flowgate-token-count"] = source;
        var json = $"{{\"input_tokens\":{tokens}}}";
        return context.Response.WriteAsync(json, Encoding.UTF8);
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100] + "…";

}
