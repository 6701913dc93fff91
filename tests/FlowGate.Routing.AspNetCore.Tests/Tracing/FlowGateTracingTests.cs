using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Tracing;

/// <summary>The "FlowGate" activity source: a span per request and per attempt, collected in memory by a listener.</summary>
public sealed class FlowGateTracingTests
{
    [Fact]
    public async Task ARequestWithAFallback_GivesTheRequestSpanAndTwoAttemptSpans_WithGenAiAttributes()
    {
        using var spans = new CollectedSpans();
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["traced-broken"] = "status:500" } });
        var config = Gateway(
            [Instance("a", mock)],
            Route("traced-flaky", Target("a", "traced-broken")) with { Fallbacks = ["traced-good"] },
            Route("traced-good", Target("a", "mock-large")));
        await using var gateway = await TestGateway.StartAsync(config, s => s.Configure<FlowGateOptions>(o => o.PropagateTraceContext = true));

        using var response = await gateway.Client.SendAsync(Requests.Chat("traced-flaky"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The request span ends once the answer is written, which the client may see first.
        var request = await spans.WaitForAsync("chat traced-flaky");
        Assert.Equal(ActivityKind.Internal, request.Kind);
        Assert.Equal("chat", request.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("traced-flaky", request.GetTagItem("gen_ai.request.model"));
        Assert.Equal("mock-large", request.GetTagItem("gen_ai.response.model"));
        Assert.Equal("a/mock-large", request.GetTagItem("flowgate.target"));
        Assert.Equal(2, request.GetTagItem("flowgate.attempts"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.True(request.GetTagItem("gen_ai.usage.input_tokens") is long input && input > 0, "gen_ai.usage.input_tokens");
        Assert.True(request.GetTagItem("gen_ai.usage.output_tokens") is long output && output > 0, "gen_ai.usage.output_tokens");

        var attempts = spans.Stopped.Where(s => s.ParentSpanId == request.SpanId && s.Source.Name == "FlowGate").OrderBy(s => (int)s.GetTagItem("flowgate.attempt")!).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.Equal(("traced-flaky", "traced-broken", 500, "Transient"), (attempts[0].GetTagItem("flowgate.route"), attempts[0].GetTagItem("gen_ai.request.model"), attempts[0].GetTagItem("http.response.status_code"), attempts[0].GetTagItem("flowgate.failure_class")));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal(("traced-good", "mock-large", "ok"), (attempts[1].GetTagItem("flowgate.route"), attempts[1].GetTagItem("gen_ai.request.model"), attempts[1].GetTagItem("flowgate.outcome")));
        Assert.Null(attempts[1].GetTagItem("flowgate.failure_class"));
        Assert.Equal("flowgate.instance", attempts[1].GetTagItem("gen_ai.provider.name"));

        // W3C trace context went upstream, in the trace of the request.
        var upstreamSeen = mock.Requests.Where(r => r.Model == "mock-large").Select(r => r.Headers.GetValueOrDefault("traceparent")).ToList();
        var traceparent = Assert.Single(upstreamSeen);
        Assert.NotNull(traceparent);
        Assert.Contains(request.TraceId.ToHexString(), traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByDefault_NoTraceContextGoesUpstream()
    {
        using var spans = new CollectedSpans();
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var gateway = await TestGateway.StartAsync(Gateway([Instance("a", mock)], Route("traced-quiet", Target("a", "mock-large"))));

        using var response = await gateway.Client.SendAsync(Requests.Chat("traced-quiet"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await spans.WaitForAsync("chat traced-quiet");
        Assert.False(mock.LastRequest!.Headers.ContainsKey("traceparent"));
    }

    /// <summary>An in-memory exporter: every FlowGate (and HTTP client) activity stopped while it lives.</summary>
    private sealed class CollectedSpans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public CollectedSpans()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "FlowGate",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped => [.. _stopped];

        /// <summary>Waits (10 s at most) for the one span named <paramref name="name"/> to stop.</summary>
        public async Task<Activity> WaitForAsync(string name)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!Stopped.Any(s => s.OperationName == name) && !timeout.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }

            return Assert.Single(Stopped, s => s.OperationName == name);
        }

        public void Dispose() => _listener.Dispose();
    }
}
