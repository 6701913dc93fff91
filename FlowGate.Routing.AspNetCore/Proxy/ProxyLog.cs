using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The proxy's log lines: one per request and one per attempt. Names and numbers only, never a body, header or key;
/// every name a client could choose is escaped and cut (<see cref="LogText"/>), so it cannot forge or flood a line.
/// </summary>
internal sealed partial class ProxyLog(ILogger<ProxyLog> logger)
{
    private readonly ILogger _logger = logger;

    /// <summary>Logs the end of a request: at Information when it was answered, at Warning when every attempt failed.</summary>
    public void Request(string requestId, string protocol, string model, string route, string upstream, int status, int attempts, string outcome, double elapsedMs)
    {
        var failed = outcome is "Failed" or "FailedAfterCommit" or "Untranslatable" or "NoTarget";
        if (!_logger.IsEnabled(failed ? LogLevel.Warning : LogLevel.Information))
        {
            return;
        }

        var safeModel = LogText.Safe(model);
        var safeRoute = LogText.Safe(route);
        if (failed)
        {
            RequestFailed(requestId, protocol, safeModel, safeRoute, upstream, status, attempts, outcome, elapsedMs);
        }
        else
        {
            RequestServed(requestId, protocol, safeModel, safeRoute, upstream, status, attempts, outcome, elapsedMs);
        }
    }

    /// <summary>Logs one attempt: at Debug when it succeeded or the client went away, at Warning with its target, class and reason when it failed.</summary>
    public void Attempt(string requestId, int attempt, string route, string upstream, string model, string outcome, int status, string reason, double elapsedMs)
    {
        var done = outcome is "ok" or "canceled";
        if (!_logger.IsEnabled(done ? LogLevel.Debug : LogLevel.Warning))
        {
            return;
        }

        var safeRoute = LogText.Safe(route);
        var safeModel = LogText.Safe(model);
        var safeReason = LogText.Safe(reason);
        if (done)
        {
            AttemptDone(requestId, attempt, safeRoute, upstream, safeModel, outcome, status, safeReason, elapsedMs);
        }
        else
        {
            AttemptFailed(requestId, attempt, safeRoute, upstream, safeModel, outcome, status, safeReason, elapsedMs);
        }
    }

    public void Rejected(string requestId, int status, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var safeReason = LogText.Safe(reason);
            LogRejected(requestId, status, safeReason);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{RequestId} {Protocol} model={Model} route={Route} upstream={Upstream} status={Status} attempts={Attempts} outcome={Outcome} {ElapsedMs:0.0} ms")]
    private partial void RequestServed(string requestId, string protocol, string model, string route, string upstream, int status, int attempts, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{RequestId} {Protocol} model={Model} route={Route} upstream={Upstream} status={Status} attempts={Attempts} outcome={Outcome} {ElapsedMs:0.0} ms")]
    private partial void RequestFailed(string requestId, string protocol, string model, string route, string upstream, int status, int attempts, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{RequestId} attempt {Attempt} route={Route} upstream={Upstream} model={Model} outcome={Outcome} status={Status} reason={Reason} {ElapsedMs:0.0} ms")]
    private partial void AttemptDone(string requestId, int attempt, string route, string upstream, string model, string outcome, int status, string reason, double elapsedMs);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "{RequestId} attempt {Attempt} failed: route={Route} upstream={Upstream} model={Model} class={Outcome} status={Status} reason={Reason} {ElapsedMs:0.0} ms")]
    private partial void AttemptFailed(string requestId, int attempt, string route, string upstream, string model, string outcome, int status, string reason, double elapsedMs);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "{RequestId} translated {Client} to {Upstream}; dropped: {Dropped}")]
    public partial void Translated(string requestId, ClientProtocol client, ClientProtocol upstream, IReadOnlyList<string> dropped);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{RequestId} rejected: {Status} {Reason}")]
    private partial void LogRejected(string requestId, int status, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "{RequestId} failed inside FlowGate")]
    public partial void Fault(string requestId, Exception exception);
}
