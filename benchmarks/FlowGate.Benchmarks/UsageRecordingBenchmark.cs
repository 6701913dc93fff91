using BenchmarkDotNet.Attributes;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGate.Benchmarks;

/// <summary>
/// What recording usage costs: per request, <see cref="UsageRecorder.Record"/> (the tokens metric, the target's
/// <c>tpm</c> count, the key's daily count, the per-minute timeline, the recent list and the ledger's queue) must stay
/// within 2 µs; per stream event, <see cref="StreamUsageMeter.Observe"/> must allocate nothing, on a text delta (the
/// common event) and on the event that carries the usage.
/// </summary>
[MemoryDiagnoser]
public class UsageRecordingBenchmark
{
    private static readonly byte[] TextDelta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello, this is one streamed piece of the answer.\"}}\n\n"u8.ToArray();
    private static readonly byte[] UsageEvent = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":54000,\"output_tokens\":812}}\n\n"u8.ToArray();

    private readonly StreamUsageMeter _meter = new(ClientProtocol.AnthropicMessages);
    private UsageRecorder _recorder = null!;
    private RouteTarget _target = null!;
    private RecentRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var table = RouteTable.Create(new RoutingConfig
        {
            Upstreams = [new UpstreamConfig { Name = "anthropic", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new Uri("http://127.0.0.1:8146") }],
            Routes = [new RouteConfig { Name = "router-default", Targets = [new TargetConfig { Upstream = "anthropic", Model = "claude-sonnet", TokensPerMinute = 1_000_000_000 }] }],
        });
        var state = new GatewayState(TimeProvider.System);
        state.Adopt(table);
        _ = state.ViewOf(table);
        _target = table.Routes[0].Targets[0];
        _recorder = new UsageRecorder(new FlowGateMetrics(), new UsageWriter(new InMemoryUsageLedger(), NullLogger<UsageWriter>.Instance), state);
        _request = new RecentRequest(DateTimeOffset.UtcNow, "router-default", ClientProtocol.AnthropicMessages, "anthropic", "claude-sonnet", 200, 1, new TokenUsage(1200, 812, 54000), TimeSpan.FromMilliseconds(840))
        {
            TimeToFirstByte = TimeSpan.FromMilliseconds(310),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _recorder.Writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Everything a finished request records (its summary is built by the handler either way).</summary>
    [Benchmark]
    public void RecordRequest() => _recorder.Record(_request, _target, "alice", TimeSpan.Zero);

    /// <summary>A text delta passing the stream's usage meter: one vectorised search, nothing parsed.</summary>
    [Benchmark]
    public long ObserveTextDelta()
    {
        _meter.Observe(TextDelta);
        return _meter.Usage.Total;
    }

    /// <summary>The event that carries the usage, parsed in place.</summary>
    [Benchmark]
    public long ObserveUsageEvent()
    {
        _meter.Observe(UsageEvent);
        return _meter.Usage.Total;
    }
}
