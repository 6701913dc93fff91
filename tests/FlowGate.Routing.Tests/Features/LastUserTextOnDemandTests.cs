using System.Text;
using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Features;

/// <summary>
/// The last user text is the one feature that costs a string as long as the prompt: a host decodes it only when a
/// condition of its table reads it, and everything else is extracted the same either way.
/// </summary>
public sealed class LastUserTextOnDemandTests
{
    private static readonly FeatureCondition OnText = new() { Feature = RequestFeature.LastUserText, Operator = ConditionOperator.Contains, Value = "review" };
    private static readonly FeatureCondition OnMessages = new() { Feature = RequestFeature.MessageCount, Operator = ConditionOperator.GreaterThanOrEqual, Value = "80" };
    private static readonly RoutingConfig Base = WithRoutes(Route("a", Target("x", "m1")), Route("b", Target("x", "m2")));

    [Fact]
    public void Table_WithoutAConditionOnTheText_DoesNotReadIt()
    {
        var config = Base with
        {
            UpgradeRules = [new UpgradeRule { Name = "a.auto", Base = "a", To = "b", Conditions = [OnMessages] }],
            Ladders = [new LadderConfig { Name = "l", Steps = [new LadderStep { Route = "a" }, new LadderStep { Route = "b", Conditions = [OnMessages] }] }],
            ModelRouter = new ModelRouterConfig { DefaultRoute = "a", Rules = [new ModelRouterRule { Name = "r", Conditions = [OnMessages], Route = "b" }] },
        };

        Assert.False(RouteTable.Create(Base).ReadsLastUserText);
        Assert.False(RouteTable.Create(config).ReadsLastUserText);
    }

    [Fact]
    public void Table_WithAConditionOnTheText_ReadsIt_InARuleALadderOrTheRouter()
    {
        var rule = Base with { UpgradeRules = [new UpgradeRule { Name = "a.auto", Base = "a", To = "b", Conditions = [OnMessages, OnText] }] };
        var ladder = Base with { Ladders = [new LadderConfig { Name = "l", Steps = [new LadderStep { Route = "a" }, new LadderStep { Route = "b", Conditions = [OnText] }] }] };
        var router = Base with { ModelRouter = new ModelRouterConfig { DefaultRoute = "a", Rules = [new ModelRouterRule { Name = "r", Conditions = [OnText], Route = "b" }] } };

        Assert.True(RouteTable.Create(rule).ReadsLastUserText);
        Assert.True(RouteTable.Create(ladder).ReadsLastUserText);
        Assert.True(RouteTable.Create(router).ReadsLastUserText);
    }

    [Theory]
    [InlineData(ClientProtocol.OpenAIChat, """{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"ok"},{"role":"user","content":"please review"}]}""")]
    [InlineData(ClientProtocol.AnthropicMessages, """{"model":"m","max_tokens":9,"system":"s","messages":[{"role":"user","content":[{"type":"text","text":"please review"}]}]}""")]
    [InlineData(ClientProtocol.OpenAIResponses, """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"please review"}]}]}""")]
    public void Extract_WithoutTheText_LeavesItOut_AndTheRestAlike(ClientProtocol protocol, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var full = RequestFeatureExtractor.Extract(body, protocol);
        var lean = RequestFeatureExtractor.Extract(body, protocol, lastUserText: false);

        Assert.Equal("please review", full.LastUserText);
        Assert.Null(lean.LastUserText);
        Assert.Equal(full with { LastUserText = null }, lean);
    }
}
