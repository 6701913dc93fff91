using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.Upgrades;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Names, aliases, weights and sticky sessions through real Kestrel.</summary>
public sealed class SelectionTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 4096 });
        var config = Gateway(
            [Instance("a", _mock)],
            Route("weighted", Target("a", "three", 3), Target("a", "one", 1), Target("a", "never", 0)),
            Route("even", Target("a", "left"), Target("a", "right")),
            Route("plain", Target("a", "plain-model")),
            Route("reviewer", Target("a", "reviewer-model")));
        config = config with
        {
            Routing = config.Routing with
            {
                Aliases = [new AliasConfig { Name = "sonnet", Target = "weighted" }, new AliasConfig { Name = "claude-*", Target = "sonnet" }],
                UpgradeRules =
                [
                    new UpgradeRule
                    {
                        Name = "review.auto", Base = "plain", To = "reviewer",
                        Conditions = [new FeatureCondition { Feature = RequestFeature.LastUserText, Operator = ConditionOperator.Contains, Value = "review" }],
                    },
                ],
            },
        };
        _gateway = await TestGateway.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task WeightsShapeTheTraffic_AndWeightZeroGetsNone()
    {
        const int Requests = 400;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await _gateway.Client.SendAsync(Proxy.Requests.Chat("weighted"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var byModel = _mock.Requests.GroupBy(r => r.Model).ToDictionary(g => g.Key!, g => g.Count());
        Assert.False(byModel.ContainsKey("never"));

        // Expected 300 : 100; five standard deviations (sqrt(400 * 0.75 * 0.25) ≈ 8.7) either way.
        Assert.InRange(byModel["three"], 257, 343);
    }

    [Theory]
    [InlineData("please review this diff", "reviewer")]
    [InlineData("hello", "plain")]
    public async Task AConditionOnTheLastUserText_SeesThePrompt(string text, string route)
    {
        using var response = await _gateway.Client.SendAsync(Proxy.Requests.Chat("review.auto", text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(route, response.Headers.GetValues("x-flowgate-route").Single());
    }

    [Fact]
    public async Task AliasesAndPatterns_ResolveToTheirRoute()
    {
        using var response = await _gateway.Client.SendAsync(Proxy.Requests.Messages("claude-sonnet-4-5"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("weighted", response.Headers.GetValues("x-flowgate-route").Single());
    }

    [Fact]
    public async Task ASession_StaysOnTheTargetThatServedIt()
    {
        var models = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            using var request = Proxy.Requests.Messages("even", $"turn {i}");
            request.Headers.Add("x-claude-code-session-id", "session-42");
            using var response = await _gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            models.Add(_mock.LastRequest!.Model!);
        }

        Assert.Single(models);
    }

    [Fact]
    public async Task NoLogLine_CarriesTheUpstreamKeyOrTheClientsKey()
    {
        using var response = await _gateway.Client.SendAsync(Proxy.Requests.Chat("weighted"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.NotEmpty(_gateway.Logs.Lines);
        Assert.DoesNotContain(_gateway.Logs.Lines, line => line.Contains(UpstreamKey, StringComparison.Ordinal) || line.Contains("client-key-not-for-upstream", StringComparison.Ordinal));
    }
}
