using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;
using FlowGate.Routing.Validation;

namespace FlowGate.Gateway.Tests;

public sealed class DemoConfigTests
{
    private static readonly Uri Mock = new("http://127.0.0.1:9999/");

    [Fact]
    public void Create_IsValid()
    {
        Assert.Empty(RoutingConfigValidator.Validate(DemoConfig.Create(Mock)));
    }

    [Fact]
    public void Create_ReachesTheMockAsInstanceOpenAIAndAnthropic()
    {
        var upstreams = DemoConfig.Create(Mock).Upstreams.ToDictionary(u => u.Protocol);

        Assert.Equal(new Uri("http://127.0.0.1:9999"), upstreams[UpstreamProtocol.Instance].BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9999/v1"), upstreams[UpstreamProtocol.OpenAI].BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9999"), upstreams[UpstreamProtocol.Anthropic].BaseUrl);
    }

    [Theory]
    [InlineData("router-default", "router-default")]
    [InlineData("router-fast", "router-fast")]
    [InlineData("claude-sonnet-4-5", "router-default")]
    [InlineData("claude-opus-4-6", "router-default")]
    [InlineData("claude-haiku-4-5-20251001", "router-fast")]
    [InlineData("gpt-5", "router-default")]
    [InlineData("gpt-5.1-codex", "router-default")]
    [InlineData("gpt-5-mini", "router-fast")]
    [InlineData("router-default.auto", "router-fast")]
    public void Decide_EasyRequests_GoWhereTheDemoSays(string model, string route)
    {
        var decision = Decide(model, RequestFeatures.Empty);

        Assert.Equal(route, decision.Route?.Name);
    }

    [Fact]
    public void Decide_AutoRoute_UpgradesHardRequestsToDefault()
    {
        var decision = Decide(DemoConfig.AutoRoute, new RequestFeatures { MessageCount = 200, ToolCount = 30 });

        Assert.Equal(DemoConfig.DefaultRoute, decision.Route?.Name);
    }

    [Fact]
    public void Default_FallsBackToFast()
    {
        var decision = Decide(DemoConfig.DefaultRoute, RequestFeatures.Empty);

        Assert.Contains(DemoConfig.FastRoute, decision.FallbackPlan);
    }

    [Fact]
    public void ListedModels_HaveTheRoutes()
    {
        var table = RouteTable.Create(DemoConfig.Create(Mock));

        Assert.Contains(DemoConfig.DefaultRoute, table.ListedModels);
        Assert.Contains(DemoConfig.FastRoute, table.ListedModels);
    }

    private static RoutingDecision Decide(string model, RequestFeatures features)
    {
        var router = new Router(RouteTable.Create(DemoConfig.Create(Mock)));
        var snapshot = new RoutingSnapshot(TargetHealth.AllHealthy, StickyTable.Empty(StickyPolicy.Default), DateTimeOffset.UnixEpoch);
        return router.Decide(model, features, snapshot, 0.5);
    }
}
