using System.Text.Json;
using FlowGate.Routing.AspNetCore.Usage;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// p50 and p95 of the latency and the time to first byte of each target, over the recent requests it answered (the
/// status page's last <see cref="RecentRequests.Capacity"/>): what the target is like now, not since start.
/// </summary>
internal sealed class TargetTimings
{
    private readonly Dictionary<(string Route, string Upstream, string Model), (List<double> Latency, List<double> FirstByte)> _byTarget = [];

    public static TargetTimings Of(IReadOnlyList<RecentRequest> recent)
    {
        var timings = new TargetTimings();
        foreach (var request in recent)
        {
            if (request.Upstream is not { } upstream || request.Model is not { } model || request.Status is < 200 or > 299)
            {
                continue;
            }

            var key = (request.Route, upstream, model);
            if (!timings._byTarget.TryGetValue(key, out var samples))
            {
                samples = ([], []);
                timings._byTarget[key] = samples;
            }

            samples.Latency.Add(request.Latency.TotalMilliseconds);
            if (request.TimeToFirstByte is { } firstByte)
            {
                samples.FirstByte.Add(firstByte.TotalMilliseconds);
            }
        }

        return timings;
    }

    /// <summary>Writes <c>timings {samples, latency_p50_ms, latency_p95_ms, ttfb_p50_ms, ttfb_p95_ms}</c> (nulls without samples).</summary>
    public void Write(Utf8JsonWriter w, string route, RouteTarget target)
    {
        _byTarget.TryGetValue((route, target.Upstream.Name, target.Config.Model), out var samples);
        w.WriteStartObject("timings");
        w.WriteNumber("samples", samples.Latency?.Count ?? 0);
        WritePercentile(w, "latency_p50_ms", samples.Latency, 0.50);
        WritePercentile(w, "latency_p95_ms", samples.Latency, 0.95);
        WritePercentile(w, "ttfb_p50_ms", samples.FirstByte, 0.50);
        WritePercentile(w, "ttfb_p95_ms", samples.FirstByte, 0.95);
        w.WriteEndObject();
    }

    private static void WritePercentile(Utf8JsonWriter w, string name, List<double>? samples, double quantile)
    {
        if (samples is not { Count: > 0 })
        {
            w.WriteNull(name);
            return;
        }

        samples.Sort();
        // Nearest rank: the smallest sample at or above the quantile.
        var rank = Math.Clamp((int)Math.Ceiling(quantile * samples.Count) - 1, 0, samples.Count - 1);
        w.WriteNumber(name, Math.Round(samples[rank], 1));
    }
}
