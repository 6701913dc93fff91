using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.State;
using Microsoft.Extensions.DependencyInjection;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Each failure class leaves the target with its own cool-down (or none).</summary>
public sealed class CooldownTests
{
    [Theory]
    [InlineData("status:401", 300)]
    [InlineData("status:403", 300)]
    [InlineData("status:429", 120)]
    [InlineData("status:429;retry-after:7", 7)]
    [InlineData("status:503", 120)]
    [InlineData("status:529", 120)]
    [InlineData("status:500", 60)]
    [InlineData("status:502", 60)]
    [InlineData("reset-before-headers", 60)]
    [InlineData("status:400", 0)]
    [InlineData("context", 0)]
    public async Task TheFailureClass_SetsTheTargetsCooldown(string fault, int expectedSeconds)
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
}
