using System.Buffers;
using BenchmarkDotNet.Attributes;
using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Rewriting;
using FlowGate.Routing.Selection;

namespace FlowGate.Benchmarks;

/// <summary>Route resolution (exact, alias, wildcard, unknown) and target selection, against tables of 1 to 10,000 routes.</summary>
[MemoryDiagnoser]
public class ResolutionAndSelectionBenchmark
{
    private RouteTable _table = null!;
    private RouteEntry _route = null!;
    private string _last = null!;

    [Params(1, 10_000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TargetConfig Target(string upstream, string model, int weight) => new() { Upstream = upstream, Model = model, Weight = weight };
        UpstreamConfig Upstream(string name) => new() { Name = name, Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") };
        var routes = new List<RouteConfig>
        {
            new() { Name = "router-default", Targets = [Target("a", "sonnet", 3), Target("b", "sonnet", 1), Target("c", "sonnet", 1)] },
        };
        for (var i = 1; i < Routes; i++)
        {
            routes.Add(new RouteConfig { Name = $"route-{i}", Targets = [Target("a", $"model-{i}", 1)] });
        }

        _last = Routes > 1 ? $"route-{Routes - 1}" : "router-default";
        _table = RouteTable.Create(new RoutingConfig
        {
            Upstreams = [Upstream("a"), Upstream("b"), Upstream("c")],
            Routes = [.. routes],
            Aliases = [new AliasConfig { Name = "sonnet", Target = "router-default" }, new AliasConfig { Name = "claude-*", Target = "router-default" }],
        });
        _table.TryGetRoute("router-default", out var route);
        _route = route!;
    }

    [Benchmark(Baseline = true)]
    public RouteResolution ResolveExact() => _table.Resolve(_last);

    [Benchmark]
    public RouteResolution ResolveAlias() => _table.Resolve("sonnet");

    [Benchmark]
    public RouteResolution ResolveWildcard() => _table.Resolve("claude-sonnet-4-6");

    [Benchmark]
    public RouteTarget? SelectWeighted() => TargetSelector.Select(_route, new SelectionContext(TargetHealth.AllHealthy, DateTimeOffset.UnixEpoch, 0.42));
}

/// <summary>Request-feature extraction (one pass) and the per-target rewrite of the real Claude Code and Codex requests.</summary>
[MemoryDiagnoser]
public class RequestBenchmark
{
    private static readonly TargetParams Params = new() { MaxTokensMax = 8192 };
    private readonly byte[] _claudeCode = Fixtures.ClaudeCode;
    private readonly byte[] _codex = Fixtures.Codex;
    private readonly ArrayBufferWriter<byte> _output = new(128 * 1024);

    [Benchmark]
    public RequestFeatures ExtractClaudeCode() => RequestFeatureExtractor.Extract(_claudeCode, ClientProtocol.AnthropicMessages);

    [Benchmark]
    public RequestFeatures ExtractCodex() => RequestFeatureExtractor.Extract(_codex, ClientProtocol.OpenAIResponses);

    /// <summary>The proxy's call: model and max_tokens_max, into a new array (≤ 60 µs).</summary>
    [Benchmark(Baseline = true)]
    public byte[] RewriteClaudeCode() => RequestRewriter.Rewrite(_claudeCode, ClientProtocol.AnthropicMessages, "claude-sonnet-4-6", Params);

    [Benchmark]
    public int RewriteClaudeCodePooled()
    {
        _output.ResetWrittenCount();
        return RequestRewriter.Rewrite(_claudeCode, _output, ClientProtocol.AnthropicMessages, "claude-sonnet-4-6", Params).BytesWritten;
    }

    [Benchmark]
    public byte[] RewriteCodex() => RequestRewriter.Rewrite(_codex, ClientProtocol.OpenAIResponses, "gpt-5.5", Params);
}

/// <summary>Request translation of the real client requests into OpenAI Chat.</summary>
[MemoryDiagnoser]
public class TranslationBenchmark
{
    private readonly byte[] _claudeCode = Fixtures.ClaudeCode;
    private readonly byte[] _codex = Fixtures.Codex;

    [Benchmark]
    public byte[] MessagesToChatClaudeCode() => ProtocolTranslator.TranslateRequest(_claudeCode, ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIChat).Body;

    [Benchmark]
    public byte[] ResponsesToChatCodex() => ProtocolTranslator.TranslateRequest(_codex, ClientProtocol.OpenAIResponses, ClientProtocol.OpenAIChat).Body;
}

/// <summary>
/// Stream translation per upstream event: the captured Chat stream (12 events: text, reasoning, a tool call, usage,
/// <c>[DONE]</c>) to an Anthropic client, and the captured Anthropic stream (18 events) to a Chat client, fed one
/// event per write as an upstream sends them. Time and allocation are per event, the translator's creation and
/// completion included (spread over the stream's events).
/// </summary>
[MemoryDiagnoser]
public class StreamTranslationBenchmark
{
    private const int ChatEvents = 12;
    private const int AnthropicEvents = 18;
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private byte[][] _chat = null!;
    private byte[][] _anthropic = null!;
    private TranslationContext _chatToAnthropic = null!;
    private TranslationContext _anthropicToChat = null!;
    private TranslationContext _chatPassThrough = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chat = Fixtures.Events(Fixtures.ChatStream);
        _anthropic = Fixtures.Events(Fixtures.AnthropicStream);
        if (_chat.Length != ChatEvents || _anthropic.Length != AnthropicEvents)
        {
            throw new InvalidOperationException($"the captured streams changed: {_chat.Length} chat and {_anthropic.Length} anthropic events");
        }

        _chatToAnthropic = new TranslationContext { Client = ClientProtocol.AnthropicMessages, Upstream = ClientProtocol.OpenAIChat, Model = "claude-sonnet-4-6", Stream = true };
        _anthropicToChat = new TranslationContext { Client = ClientProtocol.OpenAIChat, Upstream = ClientProtocol.AnthropicMessages, Model = "gpt-5.5", Stream = true };
        _chatPassThrough = new TranslationContext { Client = ClientProtocol.OpenAIChat, Upstream = ClientProtocol.OpenAIChat, Model = "gpt-5.5", Stream = true };
    }

    [Benchmark(OperationsPerInvoke = ChatEvents)]
    public int ChatToAnthropicPerEvent() => Feed(_chatToAnthropic, _chat);

    [Benchmark(OperationsPerInvoke = AnthropicEvents)]
    public int AnthropicToChatPerEvent() => Feed(_anthropicToChat, _anthropic);

    [Benchmark(OperationsPerInvoke = ChatEvents)]
    public int ChatPassThroughPerEvent() => Feed(_chatPassThrough, _chat);

    private int Feed(TranslationContext context, byte[][] events)
    {
        _output.ResetWrittenCount();
        var translator = ProtocolTranslator.CreateStreamTranslator(context);
        foreach (var e in events)
        {
            translator.Write(e, _output);
        }

        translator.Complete(_output);
        if (!translator.UpstreamEnded)
        {
            throw new InvalidOperationException("the stream did not end");
        }

        return _output.WrittenCount;
    }
}
