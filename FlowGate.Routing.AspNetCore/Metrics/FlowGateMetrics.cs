using System.Diagnostics.Metrics;
using FlowGate.Routing.Failures;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// The gateway's meter, <c>FlowGate</c>: request, attempt, fallback, cool-down and token counters and latency
/// histograms. The meter comes from the host's <see cref="IMeterFactory"/> (so OpenTelemetry or <c>dotnet-counters</c>
/// see it too); <see cref="PrometheusTextExporter"/> serves it on <c>/metrics</c>.
/// </summary>
/// <remarks>
/// Tag values must be bounded: pass configured names (route, upstream, upstream model), never a model name a client
/// sent that matched nothing (use <see langword="null"/>, recorded as <c>none</c>). Never pass a secret.
/// </remarks>
internal sealed class FlowGateMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FlowGate";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _cooldowns;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _upstreamLatency;
    private readonly Histogram<double> _firstByte;

    /// <summary>Initializes a new instance of the <see cref="FlowGateMetrics"/> class.</summary>
    /// <param name="meterFactory">The host's meter factory; without one the instance owns (and disposes) its meter.</param>
    public FlowGateMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = Meter.CreateCounter<long>("flowgate_requests_total", description: "Client requests answered, by route, client protocol and status.");
        _attempts = Meter.CreateCounter<long>("flowgate_upstream_attempts_total", description: "Upstream attempts, by upstream, upstream model and outcome.");
        _fallbacks = Meter.CreateCounter<long>("flowgate_fallbacks_total", description: "Moves from one route to a fallback route.");
        _cooldowns = Meter.CreateCounter<long>("flowgate_cooldowns_total", description: "Cool-downs started, by upstream, upstream model and failure class.");
        _tokens = Meter.CreateCounter<long>("flowgate_tokens_total", description: "Tokens reported by upstreams, by route, upstream and kind (input, output, cache_read, cache_write, reasoning).");
        _requestDuration = Meter.CreateHistogram<double>("flowgate_request_duration_seconds", "s", "Time from a client request's arrival to its last byte.");
        _upstreamLatency = Meter.CreateHistogram<double>("flowgate_upstream_latency_seconds", "s", "Duration of upstream attempts, by upstream.");
        _firstByte = Meter.CreateHistogram<double>("flowgate_time_to_first_byte_seconds", "s", "Time from sending an upstream attempt to its first byte, by upstream.");
    }

    /// <summary>Gets the meter.</summary>
    public Meter Meter { get; }

    /// <summary>Records a finished client request.</summary>
    public void RequestCompleted(string? route, ClientProtocol protocol, int status, TimeSpan elapsed)
    {
        var routeTag = new KeyValuePair<string, object?>("route", route ?? MetricTagValues.NoRoute);
        var protocolTag = new KeyValuePair<string, object?>("protocol", MetricTagValues.Protocol(protocol));
        _requests.Add(1, routeTag, protocolTag, new("status", MetricTagValues.Status(status)));
        _requestDuration.Record(elapsed.TotalSeconds, routeTag, protocolTag);
    }

    /// <summary>Records a finished upstream attempt; <paramref name="outcome"/> is a small fixed set (for example <c>success</c> or a failure class).</summary>
    public void AttemptCompleted(string upstream, string model, string outcome, TimeSpan latency)
    {
        var upstreamTag = new KeyValuePair<string, object?>("upstream", upstream);
        _attempts.Add(1, upstreamTag, new("model", model), new("outcome", outcome));
        _upstreamLatency.Record(latency.TotalSeconds, upstreamTag);
    }

    /// <summary>Records an attempt's time to first byte.</summary>
    public void FirstByte(string upstream, TimeSpan timeToFirstByte) =>
        _firstByte.Record(timeToFirstByte.TotalSeconds, new KeyValuePair<string, object?>("upstream", upstream));

    /// <summary>Records a move to a fallback route.</summary>
    public void Fallback(string fromRoute, string toRoute) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("from", fromRoute), new KeyValuePair<string, object?>("to", toRoute));

    /// <summary>Records the start of a target's cool-down.</summary>
    public void CooldownStarted(string upstream, string model, string failureClass) =>
        _cooldowns.Add(1, new("upstream", upstream), new("model", model), new KeyValuePair<string, object?>("class", failureClass));

    /// <summary>Records the start of a target's cool-down, the class spelled as the failure classes are (<c>auth</c>, <c>rate</c>, <c>transient</c>, ...).</summary>
    public void CooldownStarted(string upstream, string model, FailureClass failureClass) =>
        CooldownStarted(upstream, model, MetricTagValues.FailureClass(failureClass));

    /// <summary>
    /// Records the tokens an upstream reported for an answer, one series per kind (<c>input</c>, <c>output</c>,
    /// <c>cache_read</c>, <c>cache_write</c>, <c>reasoning</c>); kinds with no tokens add nothing.
    /// </summary>
    public void Tokens(string route, string upstream, TokenUsage usage)
    {
        var routeTag = new KeyValuePair<string, object?>("route", route);
        var upstreamTag = new KeyValuePair<string, object?>("upstream", upstream);
        AddTokens(usage.Input, routeTag, upstreamTag, "input");
        AddTokens(usage.Output, routeTag, upstreamTag, "output");
        AddTokens(usage.CacheRead, routeTag, upstreamTag, "cache_read");
        AddTokens(usage.CacheWrite, routeTag, upstreamTag, "cache_write");
        AddTokens(usage.Reasoning, routeTag, upstreamTag, "reasoning");
    }

    private void AddTokens(long count, KeyValuePair<string, object?> route, KeyValuePair<string, object?> upstream, string kind)
    {
        if (count > 0)
        {
            _tokens.Add(count, route, upstream, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <summary>Disposes the meter when this instance created it (a factory's meters are the factory's to dispose).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
