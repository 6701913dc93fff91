using System.Globalization;
using System.Text.Json;
using FlowGate.MockUpstream.Faults;
using FlowGate.MockUpstream.Observation;
using FlowGate.MockUpstream.Protocols;
using FlowGate.MockUpstream.Replies;
using FlowGate.MockUpstream.Requests;
using FlowGate.MockUpstream.Strict;

namespace FlowGate.MockUpstream.Hosting;

/// <summary>The one request delegate of the mock: classify, record, pick the fault, answer.</summary>
internal sealed class MockRequestHandler
{
    private const string RedirectPrefix = "/redirected";

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private readonly MockUpstreamOptions _options;
    private readonly MockCounters _counters;
    private readonly RequestLog _log;
    private readonly CancellationToken _stopping;
    private readonly Dictionary<string, MockFault> _faultsByModel;
    private readonly Dictionary<MockEndpoint, MockFault> _faultsByEndpoint;

    /// <exception cref="FormatException">A configured fault spec is invalid.</exception>
    public MockRequestHandler(MockUpstreamOptions options, MockCounters counters, RequestLog log, CancellationToken stopping)
    {
        _options = options;
        _counters = counters;
        _log = log;
        _stopping = stopping;
        _faultsByModel = options.FaultsByModel.ToDictionary(p => p.Key, p => MockFault.Parse(p.Value), StringComparer.OrdinalIgnoreCase);
        _faultsByEndpoint = options.FaultsByEndpoint.ToDictionary(p => p.Key, p => MockFault.Parse(p.Value));
    }

    public static MockEndpoint Classify(string method, string path)
    {
        var post = HttpMethods.IsPost(method);
        var get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        path = path.TrimEnd('/');
        return path switch
        {
            "" when get => MockEndpoint.Root,
            _ when post && path.EndsWith("/messages/count_tokens", StringComparison.OrdinalIgnoreCase) => MockEndpoint.CountTokens,
            _ when post && path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase) => MockEndpoint.Messages,
            _ when post && path.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase) => MockEndpoint.ChatCompletions,
            _ when post && path.EndsWith("/responses", StringComparison.OrdinalIgnoreCase) => MockEndpoint.Responses,
            _ when get && path.EndsWith("/models", StringComparison.OrdinalIgnoreCase) => MockEndpoint.Models,
            _ when get && (path.EndsWith("/health", StringComparison.OrdinalIgnoreCase) || path.Contains("/health/", StringComparison.OrdinalIgnoreCase)) => MockEndpoint.Health,
            _ => MockEndpoint.NotFound,
        };
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var endpoint = Classify(request.Method, path);
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            context.Response.StatusCode = e.StatusCode;
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return;
        }

        var requestId = request.Headers[MockHeaders.RequestId].ToString() is { Length: > 0 } id ? id : "body-" + Fnv.Hex(Fnv.Hash(body));
        var attempt = _counters.RecordAttempt(requestId, endpoint);
        var received = new ReceivedRequest
        {
            Method = request.Method,
            Path = path,
            Query = request.QueryString.Value ?? string.Empty,
            Headers = _options.RequestLogCapacity > 0
                ? request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)
                : NoHeaders,
            Body = body,
            Endpoint = endpoint,
            RequestId = requestId,
            Attempt = attempt,
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        _log.Add(received);

        var state = new RequestState(received, _counters);
        using var registration = context.RequestAborted.Register(static s => ((RequestState)s!).OnAborted(), state);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        try
        {
            context.Response.Headers[MockHeaders.RequestId] = requestId;
            context.Response.Headers[MockHeaders.Attempt] = attempt.ToString(CultureInfo.InvariantCulture);
            await AnswerAsync(context, endpoint, body, received, state, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && linked.IsCancellationRequested)
        {
            // The client or the server went away; the registration has counted a client abort.
        }
        finally
        {
            // The linked token's callbacks may run before the registration's (callbacks run last-registered first), so
            // the answer can end here before OnAborted has run: ask the token itself which way it ended.
            if (context.RequestAborted.IsCancellationRequested)
            {
                state.OnAborted();
            }
            else
            {
                state.OnFinished();
            }
        }
    }

    private async Task AnswerAsync(HttpContext context, MockEndpoint endpoint, byte[] body, ReceivedRequest received, RequestState state, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var anthropicShape = endpoint is MockEndpoint.Messages or MockEndpoint.CountTokens
            || (endpoint is not (MockEndpoint.ChatCompletions or MockEndpoint.Responses) && request.Headers.ContainsKey("anthropic-version"));

        MockRequest? parsed = null;
        if (endpoint is MockEndpoint.Messages or MockEndpoint.CountTokens or MockEndpoint.ChatCompletions or MockEndpoint.Responses)
        {
            try
            {
                parsed = RequestReader.Read(
                    endpoint, body, request.Headers[MockHeaders.Tool].ToString(), _options.RejectForeignSignatures ? ReplyPlanner.SignaturePrefix(_options.Name) : null);
                received.Model = parsed.Model;
                if (_options.Strict && StrictCheck(endpoint, request.Headers, body) is { } violation)
                {
                    received.StrictViolation = violation.Message;
                    _options.RequestLines?.WriteLine(RequestLine(request.Method, received, endpoint, parsed) + " strict=refused: " + violation.Message);
                    await StrictErrorAsync(context, anthropicShape, violation, state, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (JsonException e)
            {
                await MockErrorAsync(context, anthropicShape, 400, "mock: the request body is not a JSON object: " + e.Message, state, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        _options.RequestLines?.WriteLine(RequestLine(request.Method, received, endpoint, parsed));

        if (!TryResolveFault(request, parsed?.Model, endpoint, received.Attempt, out var fault, out var faultError))
        {
            await MockErrorAsync(context, anthropicShape, 400, "mock: " + faultError, state, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (parsed?.ForeignSignature == true && !fault.IsErrorStatus)
        {
            fault = fault with { Signature = true };
        }

        if (fault.SlowHeadersMs is { } delay)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        if (fault.ResetBeforeHeaders)
        {
            state.OnReset();
            context.Abort();
            return;
        }

        var path = request.Path.Value ?? "/";
        if (fault.Redirect && !path.StartsWith(RedirectPrefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"{request.Scheme}://{request.Host}{RedirectPrefix}{path}{request.QueryString}";
            return;
        }

        var stream = parsed?.Stream == true;
        if (fault.FirstEventError && !stream)
        {
            fault = fault with { Status = anthropicShape ? 529 : 503, FirstEventError = false };
        }

        var player = new ResponsePlayer(context, fault, state, cancellationToken);
        if (fault.IsErrorStatus)
        {
            var (status, errorBody) = ErrorBodies.For(anthropicShape, fault, Math.Max(1, body.Length / 4));
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfterAsDate
                    ? _options.Clock.GetUtcNow().AddSeconds(seconds).ToString("r", CultureInfo.InvariantCulture)
                    : seconds.ToString(CultureInfo.InvariantCulture);
            }

            await player.PlayBodyAsync(status, errorBody).ConfigureAwait(false);
            return;
        }

        switch (endpoint)
        {
            case MockEndpoint.Root:
                await player.PlayBodyAsync(200, "FlowGate mock upstream\n"u8.ToArray(), "text/plain; charset=utf-8").ConfigureAwait(false);
                return;
            case MockEndpoint.Health:
                await player.PlayBodyAsync(200, Health()).ConfigureAwait(false);
                return;
            case MockEndpoint.Models:
                var anthropicModels = anthropicShape || request.Headers.UserAgent.ToString().StartsWith("claude-cli", StringComparison.OrdinalIgnoreCase);
                await player.PlayBodyAsync(200, ModelList.Render(_options.Models, anthropicModels)).ConfigureAwait(false);
                return;
            case MockEndpoint.CountTokens:
                await player.PlayBodyAsync(200, AnthropicWriter.CountTokens(Math.Max(1, body.Length / 4))).ConfigureAwait(false);
                return;
            case MockEndpoint.NotFound:
                await player.PlayBodyAsync(404, anthropicShape
                    ? AnthropicWriter.Error("not_found_error", $"mock: no endpoint {request.Method} {path}")
                    : ChatWriter.Error($"mock: no endpoint {request.Method} {path}", "invalid_request_error", null, "unknown_url")).ConfigureAwait(false);
                return;
        }

        var reply = ReplyPlanner.Plan(parsed!, body.Length, received.RequestId, received.Attempt, Settings(request));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (endpoint == MockEndpoint.Messages)
        {
            context.Response.Headers["request-id"] = reply.Id("req_mock");
        }

        if (stream)
        {
            var script = endpoint switch
            {
                MockEndpoint.ChatCompletions => ChatWriter.Stream(reply, created),
                MockEndpoint.Responses => ResponsesWriter.Stream(reply, created),
                _ => AnthropicWriter.Stream(reply),
            };
            await player.PlayStreamAsync(script, HeaderInt(request, MockHeaders.PaceMs) ?? _options.PaceMs).ConfigureAwait(false);
        }
        else
        {
            var json = endpoint switch
            {
                MockEndpoint.ChatCompletions => ChatWriter.Completion(reply, created),
                MockEndpoint.Responses => ResponsesWriter.Response(reply, created),
                _ => AnthropicWriter.Message(reply),
            };
            await player.PlayBodyAsync(200, json).ConfigureAwait(false);
        }
    }

    private static string RequestLine(string method, ReceivedRequest received, MockEndpoint endpoint, MockRequest? parsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"mock-request: {method} {received.PathAndQuery} endpoint={endpoint} model={parsed?.Model ?? "-"} tool-call={parsed?.Tool?.Name ?? "-"} "
        + $"tool-result={(parsed?.ToolResult is null ? "no" : "yes")} attempt={received.Attempt}");

    private bool TryResolveFault(HttpRequest request, string? model, MockEndpoint endpoint, int attempt, out MockFault fault, out string? error)
    {
        error = null;
        if (request.Headers.TryGetValue(MockHeaders.Fault, out var header))
        {
            if (!MockFault.TryParse(header.ToString(), out fault, out error))
            {
                return false;
            }
        }
        else if (model is not null && (_faultsByModel.TryGetValue(model, out var byModel) || _faultsByModel.TryGetValue("*", out byModel)))
        {
            fault = byModel;
        }
        else
        {
            fault = _faultsByEndpoint.GetValueOrDefault(endpoint, MockFault.None);
        }

        var times = fault.Times;
        if (request.Headers.TryGetValue(MockHeaders.FaultTimes, out var timesHeader))
        {
            if (!int.TryParse(timesHeader.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                error = $"{MockHeaders.FaultTimes} must be a number, not '{timesHeader}'";
                return false;
            }

            times = parsed;
        }

        if (times is { } n && attempt > n)
        {
            fault = MockFault.None;
        }

        return true;
    }

    private ReplySettings Settings(HttpRequest request) => new(
        _options.Name,
        Math.Max(1, HeaderInt(request, MockHeaders.Deltas) ?? _options.Deltas),
        _options.MaxEchoChars,
        request.Headers.TryGetValue(MockHeaders.Text, out var text) ? text.ToString() : null,
        MockUsage.Parse(request.Headers.TryGetValue(MockHeaders.Usage, out var usage) ? usage.ToString() : null));

    private byte[] Health()
    {
        using var json = new JsonBuffer();
        json.Writer.WriteStartObject();
        json.Writer.WriteString("status", "ok");
        json.Writer.WriteString("name", _options.Name);
        json.Writer.WriteEndObject();
        return json.ToArray();
    }

    private StrictViolation? StrictCheck(MockEndpoint endpoint, IHeaderDictionary headers, byte[] body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        return StrictRules.Check(endpoint, headers, document.RootElement, ReplyPlanner.SignaturePrefix(_options.Name));
    }

    private static async Task StrictErrorAsync(HttpContext context, bool anthropic, StrictViolation violation, RequestState state, CancellationToken cancellationToken)
    {
        var player = new ResponsePlayer(context, MockFault.None, state, cancellationToken);
        await player.PlayBodyAsync(violation.Status, anthropic
            ? AnthropicWriter.Error(violation.Type, violation.Message)
            : ChatWriter.Error(violation.Message, violation.Type, violation.Param, violation.Code)).ConfigureAwait(false);
    }

    private static async Task MockErrorAsync(HttpContext context, bool anthropic, int status, string message, RequestState state, CancellationToken cancellationToken)
    {
        var player = new ResponsePlayer(context, MockFault.None, state, cancellationToken);
        await player.PlayBodyAsync(status, anthropic
            ? AnthropicWriter.Error("invalid_request_error", message)
            : ChatWriter.Error(message, "invalid_request_error", null, null)).ConfigureAwait(false);
    }

    private static int? HeaderInt(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return [];
        }

        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }
}
