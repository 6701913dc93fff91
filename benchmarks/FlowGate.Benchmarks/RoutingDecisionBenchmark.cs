using BenchmarkDotNet.Attributes;
using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;

namespace FlowGate.Benchmarks;

/// <summary>The core's routing decision (≤ 1 µs, allocation-free apart from its result).</summary>
[MemoryDiagnoser]
public class RoutingDecisionBenchmark
{
    private readonly RoutingSnapshot _snapshot = new(TargetHealth.AllHealthy, StickyTable.Empty(StickyPolicy.Default), DateTimeOffset.UnixEpoch);
    private readonly RequestFeatures _features = RequestFeatures.Empty with { SessionKey = "2884cc54-539f-4714-a701-50208ea2c501", MessageCount = 12, ToolCount = 12 };
    private Router _router = null!;

    [GlobalSetup]
    public void Setup()
    {
        TargetConfig Target(string upstream, string model, int weight) => new() { Upstream = upstream, Model = model, Weight = weight };
        UpstreamConfig Upstream(string name) => new() { Name = name, Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") };
        _router = new Router(RouteTable.Create(new RoutingConfig
        {
            Upstreams = [Upstream("a"), Upstream("b"), Upstream("c")],
            Routes =
            [
                new RouteConfig { Name = "router-default", Targets = [Target("a", "sonnet", 3), Target("b", "sonnet", 1), Target("c", "sonnet", 1)], Fallbacks = ["router-cheap"] },
                new RouteConfig { Name = "router-cheap", Targets = [Target("c", "haiku", 1)] },
            ],
            Aliases = [new AliasConfig { Name = "claude-*", Target = "router-default" }],
        }));
    }

    [Benchmark(Baseline = true)]
    public RoutingDecision ExactRoute() => _router.Decide("router-default", _features, _snapshot, 0.42);

    [Benchmark]
    public RoutingDecision PatternAlias() => _router.Decide("claude-sonnet-4-6", _features, _snapshot, 0.42);
}
