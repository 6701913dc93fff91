using System.Net.Sockets;
using System.Runtime.CompilerServices;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Failures;
using FlowGate.Routing.Features;
using FlowGate.Routing.Health;
using FlowGate.Routing.Plans;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Rewriting;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// One client request on its way through the attempt loop. The core plans every step (<see cref="AttemptLoop"/>); each
/// call of <see cref="AttemptAsync"/> executes one: it waits the planned delay, applies the planned effects, makes the
/// upstream attempt, and hands the outcome back to the core for the next step and its effects.
/// </summary>
internal sealed class ProxyExchange
{
    private readonly ProxyServices _services;
    private readonly GatewayState.TableView _view;
    private readonly DateTimeOffset _deadline;
    private readonly BodyLease _bodies;

    public ProxyExchange(ProxyServices services, HttpContext context, ClientProtocol protocol, bool countTokens, GatewayRuntime runtime, RequestBody body, BodyLease bodies, RequestFeatures features, RoutingDecision decision, RequestTimeouts timeouts)
    {
        Timeouts = timeouts;
        _bodies = bodies;
        _services = services;
        Context = context;
        Protocol = protocol;
        CountTokens = countTokens;
        Runtime = runtime;
        Body = body;
        Features = features;
        Decision = decision;
        Step = decision.FirstAttempt!;
        _view = services.State.ViewOf(runtime.Table);
        _deadline = services.State.Time.GetUtcNow() + runtime.Limits.RequestTimeout;
    }

    public HttpContext Context { get; }

    /// <summary>Gets the request's deadline and its attempts' first-byte limits.</summary>
    public RequestTimeouts Timeouts { get; }

    public ClientProtocol Protocol { get; }

    public bool CountTokens { get; }

    public GatewayRuntime Runtime { get; }

    public RequestBody Body { get; }

    public RequestFeatures Features { get; }

    public RoutingDecision Decision { get; }

    /// <summary>Gets the step the next attempt goes to (or the exhausted step that ended the plan).</summary>
    public AttemptStep Step { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>Gets the target that served the request, once one did.</summary>
    public RouteTarget? ServedBy { get; private set; }

    /// <summary>Gets the target of the latest attempt (the one that failed last when none served).</summary>
    public RouteTarget? LastTried { get; private set; }

    public AttemptOutcome? LastFailure { get; private set; }

    /// <summary>Gets the usage the committed answer reported (filled by the relay).</summary>
    public Usage.UsageTally Usage { get; } = new();

    private DateTimeOffset Now => _services.State.Time.GetUtcNow();

    /// <summary>
    /// Executes the current step: waits the delay the core planned, applies the step's effects, makes the attempt,
    /// and asks the core for the next step. Returns the outcome with <see cref="AttemptOutcome.Retry"/> set when the
    /// core planned another attempt.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<AttemptOutcome> AttemptAsync(CancellationToken cancellationToken)
    {
        var step = Step;
        if (!step.HasAttempt)
        {
            return LastFailure ?? new AttemptOutcome { Kind = AttemptResultKind.Failed };
        }

        if (step.Delay > TimeSpan.Zero)
        {
            await Task.Delay(step.Delay, _services.State.Time, cancellationToken).ConfigureAwait(false);
        }

        // A half-open target takes one probe at a time: a first step that lost its probe to a concurrent request is
        // planned again on the state as it is now (the probed target is out while its probe is).
        for (var replans = 0; !Apply(step, attempted: null, attemptedRoute: null) && Attempts == 0 && replans < 3; replans++)
        {
            step = Step = AttemptLoop.First(Runtime.Table, Decision.Route!, preferred: null, LoopContext(Now));
            if (!step.HasAttempt)
            {
                return LastFailure ?? new AttemptOutcome { Kind = AttemptResultKind.Failed };
            }
        }

        var target = step.Target!;
        LastTried = target;
        Attempts++;
        var started = _services.State.Time.GetTimestamp();
        var state = _view[target.Ordinal];
        state.Enter();
        var held = _bodies.Mark;
        using var span = Tracing.FlowGateTracing.StartAttempt(Attempts, step.Route!.Name, target);
        AttemptOutcome outcome;
        try
        {
            outcome = await SendAsync(step, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            state.Leave();

            // The attempt's answer buffers are gone: so is their share of the body budget.
            _bodies.ReleaseTo(held);
        }

        var elapsed = _services.State.Time.GetElapsedTime(started);
        var described = Describe(outcome);
        Tracing.FlowGateTracing.EndAttempt(span, outcome, described);
        var reason = outcome.Failure?.Reason ?? string.Empty;
        _services.Metrics.AttemptCompleted(target.Upstream.Name, target.Config.Model, described, elapsed);
        _services.Log.Attempt(Context.TraceIdentifier, Attempts, step.Route!.Name, target.Upstream.Name, target.Config.Model, described, outcome.Status ?? 0, reason, elapsed.TotalMilliseconds);
        return outcome.Kind switch
        {
            AttemptResultKind.Succeeded => Served(step, target, outcome),
            AttemptResultKind.Failed or AttemptResultKind.Untranslatable => AfterFailure(step, target, outcome),
            _ => outcome,
        };
    }

    private AttemptOutcome Served(AttemptStep step, RouteTarget target, AttemptOutcome outcome)
    {
        ServedBy = target;

        // A success ends the plan: only its effects (the target recovers) are left to apply.
        Apply(AttemptLoop.EffectsOf(Runtime.Table, step.Plan, new AttemptReport(target, null), Now), stepTarget: null, stepRoute: null, target, step.Route!.Name);
        if (Features.SessionKey is { } session)
        {
            _services.State.Sticky.Bind(session, step.Route!.Name, target.Id, Now);
        }

        return outcome;
    }

    private AttemptOutcome AfterFailure(AttemptStep step, RouteTarget target, AttemptOutcome outcome)
    {
        // A translation that cannot be made says nothing about the target's health: no effects, just move on.
        var failure = outcome.Failure ?? new FailureClassification { Class = FailureClass.ContextLength, Reason = "untranslatable" };
        var next = AttemptLoop.Next(Runtime.Table, step.Plan, new AttemptReport(target, failure), LoopContext(Now));
        if (outcome.Failure is null)
        {
            next = next with { Effects = default };
        }

        Apply(next, target, step.Route!.Name);
        if (next.Route is { } nextRoute && !string.Equals(nextRoute.Name, step.Route!.Name, StringComparison.OrdinalIgnoreCase))
        {
            _services.Metrics.Fallback(step.Route.Name, nextRoute.Name);
        }

        // Applied once, here: the step keeps its plan, target and delay for the next call.
        Step = next with { Effects = default };
        LastFailure = outcome;
        return outcome with { Retry = next.HasAttempt, RetryDelay = next.Delay };
    }

    /// <summary>The core's inputs besides the plan: this table's target state, the time, fresh draws and the deadline.</summary>
    private AttemptContext LoopContext(DateTimeOffset now) =>
        new(_services.Store.View(Runtime.Table), now, Random.Shared.NextDouble(), Random.Shared.NextDouble()) { RoundRobin = _view, Deadline = _deadline };

    /// <summary>
    /// Applies a step's effects: target state through the store, sticky bindings here; ejections are counted in metrics.
    /// Effects concern the attempt just made (<paramref name="attempted"/>) or the step's own target (a probe).
    /// Returns <see langword="false"/> when the step's probe was already out for another request (nothing else applied).
    /// </summary>
    private bool Apply(AttemptStep step, RouteTarget? attempted, string? attemptedRoute) =>
        Apply(step.Effects, step.Target, step.Route?.Name, attempted, attemptedRoute);

    private bool Apply(ValueArray<TargetEffect> effects, RouteTarget? stepTarget, string? stepRoute, RouteTarget? attempted, string? attemptedRoute)
    {
        foreach (var effect in effects)
        {
            if (effect.Kind == TargetEffectKind.StartProbe && attempted is null && !_services.Store.TryStartProbe(Runtime.Table, effect))
            {
                return false;
            }
        }

        foreach (var effect in effects)
        {
            if (effect.Kind == TargetEffectKind.StartProbe && attempted is null)
            {
                continue;
            }

            var target = attempted is not null && attempted.Ordinal == effect.Ordinal ? attempted : stepTarget;
            if (effect.Kind == TargetEffectKind.UnbindSticky)
            {
                if (Features.SessionKey is { } session && target is not null && (attemptedRoute ?? stepRoute) is { } route)
                {
                    _services.State.Sticky.Unbind(session, route, target.Id);
                }

                continue;
            }

            if (_services.Store.Apply(Runtime.Table, effect) && target is not null)
            {
                _services.Metrics.CooldownStarted(target.Upstream.Name, target.Config.Model, effect.Cause ?? FailureClass.Transient);
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptOutcome> SendAsync(AttemptStep step, RouteTarget target, CancellationToken cancellationToken)
    {
        // A retry resumes where the failed attempt's last read completed, possibly a socket engine's thread.
        await IoThread.LeaveForLargeAsync(Body.Length).ConfigureAwait(false);
        var upstream = target.Upstream;
        var wire = upstream.Protocol.WireProtocolFor(Protocol);
        TranslationContext? translation = null;
        var clientBody = Body.Span;
        byte[]? translated = null;
        if (wire != Protocol)
        {
            try
            {
                (translated, translation) = ProtocolTranslator.TranslateRequest(clientBody, Protocol, wire, Runtime.Config.Routing.EffortTable);
                translation = translation with { AnswerIdSuffix = AnswerIdNonce.Next(), CreatedAt = Now.ToUnixTimeSeconds() };
            }
            catch (NotSupportedException)
            {
                return new AttemptOutcome { Kind = AttemptResultKind.Untranslatable };
            }

            _services.Log.Translated(Context.TraceIdentifier, Protocol, wire, translation.Dropped);
        }

        using var body = RewrittenBody(translated ?? clientBody, wire, target, step.Plan.StripThinking);

        // The attempt's own copies of the body (translated, rewritten) count against the body budget until it ends.
        _bodies.Reserve((long)body.Length + (translated?.Length ?? 0));

        var address = UpstreamAddress.For(upstream, wire, CountTokens, Context.Request.Path.Value ?? "/", Context.Request.QueryString.Value ?? string.Empty);
        using var request = UpstreamRequest.Create(address, body, Context.Request, target, Protocol, wire);
        using var opening = new UpstreamOpening(request, target, translation);
        try
        {
            // Up to the answer's start (a whole answer: all of it) under the attempt's first-byte limit.
            if (await OpenAsync(opening, Timeouts.StartAttempt(FirstByteTimeout.For(target, Runtime.Limits))).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return TransportFailure(e, cancellationToken) with { Status = opening.Status };
        }
        finally
        {
            Timeouts.EndAttempt();
        }

        var status = opening.Status!.Value;
        try
        {
            var options = new RelayOptions(Protocol, opening.IsStream, Runtime.Limits.StreamIdleTimeout, step.Route!.Name, upstream.Name, Attempts)
            {
                Translation = translation,
                DrainEnded = _services.Drain.Ended,
                Time = _services.State.Time,
                MaxBodyBytes = Runtime.Limits.MaxRequestBodyBytes,
                Bodies = _bodies,
                Usage = Usage,
            };
            var (start, length) = opening.TakeStart();
            var kind = await ResponseRelay.RelayAsync(Context, opening.Response!, opening.Stream!, start, length, options, cancellationToken).ConfigureAwait(false);
            return kind switch
            {
                AttemptResultKind.Succeeded => AttemptOutcome.Succeeded,
                AttemptResultKind.Canceled => AttemptOutcome.Canceled,
                AttemptResultKind.Failed => Failed(UpstreamFailure.FromTransport(TransportError.Protocol), status),
                _ => AttemptOutcome.FailedAfterCommit,
            };
        }
        catch (Exception e) when (!Context.Response.HasStarted && e is HttpRequestException or OperationCanceledException or IOException)
        {
            return TransportFailure(e, cancellationToken) with { Status = status };
        }
    }

    /// <summary>The body this attempt sends: rewritten for the target into a pooled buffer, signed thinking removed when the plan says so.</summary>
    private PooledBodyContent RewrittenBody(ReadOnlySpan<byte> source, ClientProtocol wire, RouteTarget target, bool stripThinking)
    {
        var (buffer, length) = RequestRewriter.RewriteInto(source, BodyBuffers.Rent, wire, target.Config.Model, target.Config.Params, Runtime.Config.Routing.EffortTable);
        if (stripThinking && ThinkingStripper.Strip(buffer.AsSpan(0, length), wire) is { } stripped)
        {
            BodyBuffers.Return(buffer);
            (buffer, length) = (BodyBuffers.Rent(stripped.Length), stripped.Length);
            stripped.CopyTo(buffer, 0);
        }

        return new PooledBodyContent(buffer, length);
    }

    /// <summary>
    /// Sends the attempt and reads the answer's start: a failed attempt's outcome, or <see langword="null"/> when the
    /// answer is ready to relay (its response, stream and first bytes are then in <paramref name="opening"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptOutcome?> OpenAsync(UpstreamOpening opening, CancellationToken cancellationToken)
    {
        var upstream = opening.Target.Upstream;
        var started = _services.State.Time.GetTimestamp();
        var response = opening.Response = await _services.Clients.For(upstream).SendAsync(opening.Request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        // The handler's answer content has its stream at hand: the synchronous call returns it without a task.
        var stream = opening.Stream = response.Content.ReadAsStream(cancellationToken);
        if (status is < 200 or > 299)
        {
            return await ErrorStatusAsync(response, stream, opening.Translation, cancellationToken).ConfigureAwait(false);
        }

        if (WholeAnswerCheck.FramingProblem(response) is not null)
        {
            return Failed(UpstreamFailure.FromTransport(TransportError.Protocol), status);
        }

        var isStream = opening.IsStream = response.Content.Headers.ContentType?.MediaType?.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        var (start, length, isError) = await ResponseRelay.ReadStartAsync(stream, isStream, cancellationToken).ConfigureAwait(false);
        var firstByte = _services.State.Time.GetElapsedTime(started);
        Usage.FirstByte = firstByte;
        _services.Metrics.FirstByte(upstream.Name, firstByte);
        if (length == 0 || isError)
        {
            var prefix = start.AsSpan(0, Math.Min(length, FailureClassifier.ScanLimit)).ToArray();
            BodyBuffers.Return(start);
            var failure = length == 0 ? UpstreamFailure.FromTransport(TransportError.Protocol) : UpstreamFailure.FromStatus(status, prefix);
            return Failed(failure, status);
        }

        if (!isStream && opening.Translation is null)
        {
            // A whole answer is checked whole before commit: a broken one is a failed attempt.
            if (await WholeAnswerCheck.ReadRestAsync(stream, start, length, Runtime.Limits.MaxRequestBodyBytes, _bodies, cancellationToken).ConfigureAwait(false) is not { } whole)
            {
                return Failed(UpstreamFailure.FromTransport(TransportError.Protocol), status);
            }

            (start, length) = whole;
            if (WholeAnswerCheck.BodyProblem(start.AsSpan(0, length)) is not null)
            {
                BodyBuffers.Return(start);
                return Failed(UpstreamFailure.FromTransport(TransportError.Protocol), status);
            }
        }

        opening.SetStart(start, length);
        return null;
    }

    private async Task<AttemptOutcome> ErrorStatusAsync(HttpResponseMessage response, Stream stream, TranslationContext? translation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadBoundedAsync(stream, 64 * 1024, cancellationToken).ConfigureAwait(false);
        var failure = new UpstreamFailure
        {
            Status = status,
            BodyPrefix = body,
            RetryAfter = response.Headers.TryGetValues("retry-after", out var retryAfter) ? retryAfter.FirstOrDefault() : null,
            RetryAfterMs = response.Headers.TryGetValues("retry-after-ms", out var ms) ? ms.FirstOrDefault() : null,
        };
        var outcome = Failed(failure, status);

        // Classified on the upstream's own words; handed to the client in the client's protocol.
        return translation is null
            ? outcome with { ErrorBody = body, ErrorContentType = response.Content.Headers.ContentType?.ToString() }
            : outcome with { ErrorBody = TranslateError(body, status, translation), ErrorContentType = "application/json" };
    }

    private static byte[] TranslateError(byte[] body, int status, TranslationContext translation)
    {
        try
        {
            return ProtocolTranslator.TranslateError(body, status, translation);
        }
        catch (NotSupportedException)
        {
            return body;
        }
    }

    private AttemptOutcome Failed(UpstreamFailure failure, int? status) => new()
    {
        Kind = AttemptResultKind.Failed,
        Failure = FailureClassifier.Classify(failure, Now, Runtime.Config.Routing.Failures),
        Status = status,
        Transport = failure.Transport,
    };

    private AttemptOutcome TransportFailure(Exception e, CancellationToken requestToken)
    {
        if (Context.RequestAborted.IsCancellationRequested)
        {
            return AttemptOutcome.Canceled;
        }

        // The request's own deadline, not this attempt's: the handler reports it as the request's timeout.
        requestToken.ThrowIfCancellationRequested();

        var transport = e switch
        {
            OperationCanceledException => TransportError.Timeout,
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => TransportError.NameResolution,
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => TransportError.Tls,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => TransportError.Connect,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => TransportError.Connect,
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded } => TransportError.Reset,
            _ => TransportError.Reset,
        };
        return Failed(UpstreamFailure.FromTransport(transport), null);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var length = 0;
        try
        {
            int read;
            while (length < limit && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // A cut error body still classifies by its status.
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    private static string Describe(AttemptOutcome outcome) => outcome.Kind switch
    {
        AttemptResultKind.Succeeded => "ok",
        AttemptResultKind.FailedAfterCommit => "failed_after_commit",
        AttemptResultKind.Canceled => "canceled",
        AttemptResultKind.Untranslatable => "untranslatable",
        _ => outcome.Failure?.Class.ToString().ToLowerInvariant() ?? "failed",
    };
}
