using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.State;
using Microsoft.Extensions.DependencyInjection;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// Each failure class leaves the target with its own ejection (or none). Explicit signals eject at once; transient
/// failures only count, and a route's only target is never ejected for them.
/// </summary>
public sealed class CooldownTests
{
    [Theory]
    [InlineData("status:401", 300)]
    [InlineData("status:403", 300)]
    [InlineData("status:429", 0)]
    [InlineData("status:429;retry-after:7", 7)]
    [InlineData("status:503", 0)]
    [InlineData("status:529", 0)]
    [InlineData("status:500", 0)]
    [InlineData("status:502", 0)]
    [InlineData("reset-before-headers", 0)]
    [InlineData("status:400", 0)]
    [InlineData("context", 0)]
    public async Task TheFailureClass_SetsTheLoneTargetsEjection(string fault, int expectedSeconds)
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = fault } });
        await using var gateway = await TestGateway.StartAsync(Gateway([Instance("a", mock)], Route("r", Target("a", "x"))));
        var before = DateTimeOffset.UtcNow;

        // Anthropic-shaped errors: OpenAI's 429 body says "try again in 1s", which the classifier rightly honours.
        using var response = await gateway.Client.SendAsync(Requests.Messages("r"));

        var runtime = gateway.Services.GetRequiredService<GatewayRuntimeHolder>().Current;
        var state = gateway.Services.GetRequiredService<GatewayState>().ViewOf(runtime.Table);
        var until = state.CooldownUntil(0);
        if (expectedSeconds == 0)
        {
            Assert.Equal(DateTimeOffset.MinValue, until);
        }
        else
        {
            Assert.InRange((until - before).TotalSeconds, expectedSeconds - 1, expectedSeconds + 2);
        }
    }

    [Theory]
    [InlineData("status:500")]
    [InlineData("status:429")]
    [InlineData("reset-before-headers")]
    public async Task TransientFailures_PastAllowedFails_EjectOneOfSeveralTargets_ForTheBaseTime(string fault)
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["x"] = fault } });
        var config = Gateway([Instance("a", mock)], Route("pair", Target("a", "x"), Target("a", "mock-large")) with { Policy = SelectionPolicy.First });
        config = config with { Routing = config.Routing with { Failures = config.Routing.Failures with { AllowedFails = 1 } } };
        await using var gateway = await TestGateway.StartAsync(config);
        var runtime = gateway.Services.GetRequiredService<GatewayRuntimeHolder>().Current;
        var state = gateway.Services.GetRequiredService<GatewayState>().ViewOf(runtime.Table);
        Assert.True(runtime.Table.TryGetRoute("pair", out var pair));
        var failing = pair.Targets[0].Ordinal;

        using var first = await gateway.Client.SendAsync(Requests.Messages("pair", "one"));
        var afterOne = state.CooldownUntil(failing);
        var before = DateTimeOffset.UtcNow;
        using var second = await gateway.Client.SendAsync(Requests.Messages("pair", "two"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(DateTimeOffset.MinValue, afterOne);
        Assert.InRange((state.CooldownUntil(failing) - before).TotalSeconds, 3, 7);
    }
}
