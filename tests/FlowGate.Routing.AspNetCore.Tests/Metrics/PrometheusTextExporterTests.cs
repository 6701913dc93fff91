using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Tests.Support;
using FlowGate.Routing.Failures;

namespace FlowGate.Routing.AspNetCore.Tests.Metrics;

public sealed class PrometheusTextExporterTests
{
    [Fact]
    public void Render_EveryInstrument_ValidTextWithExpectedSeries()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);

        metrics.RequestCompleted("router-default", ClientProtocol.AnthropicMessages, 200, TimeSpan.FromMilliseconds(30));
        metrics.RequestCompleted("router-default", ClientProtocol.AnthropicMessages, 200, TimeSpan.FromSeconds(2));
        metrics.RequestCompleted(null, ClientProtocol.OpenAIResponses, 404, TimeSpan.FromMilliseconds(1));
        metrics.AttemptCompleted("mock-a", "m-large", "success", TimeSpan.FromMilliseconds(20));
        metrics.FirstByte("mock-a", TimeSpan.FromMilliseconds(7));
        metrics.Fallback("router-default", "router-cheap");
        metrics.CooldownStarted("mock-b", "m-small", FailureClass.RateLimit);
        metrics.Tokens("router-default", "up-a", new FlowGate.Routing.Usage.TokenUsage(1200, 34, CacheRead: 7));
        var text = exporter.Render();

        PrometheusFormat.AssertValid(text);
        Assert.Contains("# TYPE flowgate_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE flowgate_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP flowgate_requests_total ", text, StringComparison.Ordinal);
        Assert.Equal(2, PrometheusFormat.Value(text, """flowgate_requests_total{route="router-default",protocol="anthropic_messages",status="200"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_requests_total{route="none",protocol="openai_responses",status="404"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_upstream_attempts_total{upstream="mock-a",model="m-large",outcome="success"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_fallbacks_total{from="router-default",to="router-cheap"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_cooldowns_total{upstream="mock-b",model="m-small",class="rate"}"""));
        Assert.Equal(1200, PrometheusFormat.Value(text, """flowgate_tokens_total{route="router-default",upstream="up-a",kind="input"}"""));
        Assert.Equal(34, PrometheusFormat.Value(text, """flowgate_tokens_total{route="router-default",upstream="up-a",kind="output"}"""));
        Assert.Equal(7, PrometheusFormat.Value(text, """flowgate_tokens_total{route="router-default",upstream="up-a",kind="cache_read"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_upstream_latency_seconds_count{upstream="mock-a"}"""));
        Assert.Equal(1, PrometheusFormat.Value(text, """flowgate_time_to_first_byte_seconds_bucket{upstream="mock-a",le="0.01"}"""));
        Assert.Equal(0, PrometheusFormat.Value(text, """flowgate_time_to_first_byte_seconds_bucket{upstream="mock-a",le="0.005"}"""));
        Assert.Equal(0, PrometheusFormat.Value(text, "flowgate_metrics_series_dropped_total"));
    }

    [Fact]
    public void Histogram_BucketsCumulative_InfEqualsCount_SumAdds()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);
        foreach (var seconds in new[] { 0.004, 0.005, 0.3, 7.0, 5000.0 })
        {
            metrics.FirstByte("u", TimeSpan.FromSeconds(seconds));
        }

        var text = exporter.Render();

        const string Bucket = "flowgate_time_to_first_byte_seconds_bucket{upstream=\"u\",le=\"";
        Assert.Equal(2, PrometheusFormat.Value(text, Bucket + "0.005\"}"));
        Assert.Equal(2, PrometheusFormat.Value(text, Bucket + "0.25\"}"));
        Assert.Equal(3, PrometheusFormat.Value(text, Bucket + "0.5\"}"));
        Assert.Equal(4, PrometheusFormat.Value(text, Bucket + "10\"}"));
        Assert.Equal(4, PrometheusFormat.Value(text, Bucket + "600\"}"));
        Assert.Equal(5, PrometheusFormat.Value(text, Bucket + "+Inf\"}"));
        Assert.Equal(5, PrometheusFormat.Value(text, "flowgate_time_to_first_byte_seconds_count{upstream=\"u\"}"));
        Assert.Equal(5007.309, PrometheusFormat.Value(text, "flowgate_time_to_first_byte_seconds_sum{upstream=\"u\"}")!.Value, 6);

        var buckets = text.Split('\n').Where(l => l.StartsWith(Bucket, StringComparison.Ordinal)).Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(HistogramAggregate.Bounds.Length + 1, buckets.Count);
        Assert.Equal(buckets.Order(), buckets);
    }

    [Fact]
    public void LabelValues_Escaped()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);
        metrics.Fallback("a\"b", "c\\d\ne");

        var text = exporter.Render();

        PrometheusFormat.AssertValid(text);
        Assert.Contains("""flowgate_fallbacks_total{from="a\"b",to="c\\d\ne"} 1""", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SeriesCap_DropsAndCounts()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics, maxSeries: 3);
        for (var i = 0; i < 10; i++)
        {
            metrics.Fallback("r" + i, "x");
        }

        metrics.Fallback("r0", "x");
        var text = exporter.Render();

        PrometheusFormat.AssertValid(text);
        Assert.Equal(3, text.Split('\n').Count(l => l.StartsWith("flowgate_fallbacks_total{", StringComparison.Ordinal)));
        Assert.Equal(2, PrometheusFormat.Value(text, """flowgate_fallbacks_total{from="r0",to="x"}"""));
        Assert.Equal(7, exporter.DroppedMeasurements);
        Assert.Equal(7, PrometheusFormat.Value(text, "flowgate_metrics_series_dropped_total"));
    }

    [Fact]
    public void TwoMeters_SameName_DoNotSeeEachOther()
    {
        using var first = new FlowGateMetrics();
        using var second = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(first);
        second.Fallback("other", "host");
        first.Fallback("mine", "here");

        var text = exporter.Render();

        Assert.Contains("mine", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRecording_CountsEveryMeasurement()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);
        const int PerThread = 20_000;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                metrics.AttemptCompleted("u", "m" + (i % 3), "success", TimeSpan.FromMilliseconds(i % 100));
            }
        })));
        var text = exporter.Render();

        var total = Enumerable.Range(0, 3).Sum(m => PrometheusFormat.Value(text, $"flowgate_upstream_attempts_total{{upstream=\"u\",model=\"m{m}\",outcome=\"success\"}}")!.Value);
        Assert.Equal(4 * PerThread, total);
        Assert.Equal(4 * PerThread, PrometheusFormat.Value(text, "flowgate_upstream_latency_seconds_count{upstream=\"u\"}"));
    }

    [Fact]
    public void Recording_AnExistingSeries_AllocatesNothing()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);
        for (var i = 0; i < 1_000; i++)
        {
            Record();
        }

        // 10,000 rounds of 7 measurements: anything per measurement would be tens of kilobytes; allow a stray
        // runtime allocation (tiered JIT), not one per call.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Record();
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_024);

        void Record()
        {
            metrics.RequestCompleted("r", ClientProtocol.OpenAIResponses, 200, TimeSpan.FromMilliseconds(5));
            metrics.AttemptCompleted("u", "m", "success", TimeSpan.FromMilliseconds(4));
            metrics.FirstByte("u", TimeSpan.FromMilliseconds(1));
            metrics.CooldownStarted("u", "m", FailureClass.Transient);
            metrics.Tokens("r", "u", new FlowGate.Routing.Usage.TokenUsage(10, 20));
        }
    }

    [Fact]
    public void Empty_OnlyTheDropCounter()
    {
        using var metrics = new FlowGateMetrics();
        using var exporter = new PrometheusTextExporter(metrics);

        var text = exporter.Render();

        PrometheusFormat.AssertValid(text);
        Assert.Equal(0, PrometheusFormat.Value(text, "flowgate_metrics_series_dropped_total"));
    }
}
