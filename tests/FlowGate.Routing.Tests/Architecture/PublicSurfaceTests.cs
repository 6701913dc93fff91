using FlowGate.Routing.Features;
using FlowGate.Routing.Validation;

namespace FlowGate.Routing.Tests.Architecture;

/// <summary>
/// The core as an embedder sees it: the example of docs/embedding.md ("The routing core on its own") runs against the
/// public surface only, and that surface stays small.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PublicTypes_AreAtMost45()
    {
        var exported = typeof(RoutingConfig).Assembly.GetExportedTypes();

        Assert.InRange(exported.Length, 1, 45);
    }

    [Fact]
    public void DocExample_DecidesValidatesAndExplains()
    {
        var config = new RoutingConfig
        {
            Upstreams =
            [
                new UpstreamConfig { Name = "anthropic", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new("https://api.anthropic.com"), ApiKey = new Secret("sk-doc-example", "ANTHROPIC_API_KEY") },
                new UpstreamConfig { Name = "openai", Protocol = UpstreamProtocol.OpenAI, BaseUrl = new("https://api.openai.com/v1") },
            ],
            Routes =
            [
                new RouteConfig { Name = "sonnet", Targets = [new TargetConfig { Upstream = "anthropic", Model = "claude-sonnet-4-5" }], Fallbacks = ["gpt"] },
                new RouteConfig { Name = "gpt", Targets = [new TargetConfig { Upstream = "openai", Model = "gpt-5" }] },
            ],
            Aliases = [new AliasConfig { Name = "claude-*", Target = "sonnet" }],
        };

        Assert.Empty(config.Validate());
        var router = new Router(RouteTable.Create(config));
        var decision = router.Decide("claude-sonnet-4-5-20250929", new RequestFeatures { Model = "claude-sonnet-4-5-20250929", MessageCount = 3 }, Now, draw: 0.5);

        Assert.Equal(new TargetId("anthropic", "claude-sonnet-4-5"), decision.Target?.Id);
        Assert.Equal(SelectionReason.Policy, decision.Reason);
        Assert.Equal("claude-*", decision.Resolution.Pattern);
        Assert.Equal(["gpt"], decision.FallbackPlan);

        var unknown = router.Decide("gtp", new RequestFeatures { Model = "gtp" }, Now, draw: 0.5);
        Assert.False(unknown.Resolution.Found);
        Assert.Equal("gpt", unknown.Resolution.ClosestMatch);

        var broken = config with { Routes = [new RouteConfig { Name = "sonnet", Targets = [new TargetConfig { Upstream = "antropic", Model = "x" }] }] };
        var error = Assert.Single(broken.Validate(), e => e.Message.Contains("antropic", StringComparison.Ordinal));
        Assert.Contains("anthropic", error.Message, StringComparison.Ordinal);
        Assert.Throws<RoutingConfigException>(() => RouteTable.Create(broken));
    }
}
