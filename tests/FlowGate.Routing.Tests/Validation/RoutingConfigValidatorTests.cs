using FlowGate.Routing.Validation;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Validation;

public sealed class RoutingConfigValidatorTests
{
    [Fact]
    public void Validate_GoodConfig_NoErrors() =>
        Assert.Empty(RoutingConfigValidator.Validate(WithRoutes(Route("a", Target("u", "m")))));

    [Fact]
    public void Validate_ReportsEveryErrorWithPath()
    {
        var config = WithRoutes(
            Route("opus", Target("upstream", "m", weight: -1), Target("upstrem", "m2")),
            Route("off", Target("upstream", "m", weight: 0))) with
        {
            Aliases =
            [
                new AliasConfig { Name = "x", Target = "y" },
                new AliasConfig { Name = "y", Target = "x" },
                new AliasConfig { Name = "z", Target = "opsu" },
            ],
        };
        config = config with { Upstreams = [Upstream("upstream")], Routes = [config.Routes[0] with { Fallbacks = ["nope"] }, config.Routes[1]] };

        var errors = RoutingConfigValidator.Validate(config).Select(e => e.ToString()).ToList();

        Assert.Contains("routes[\"opus\"].targets[0].weight: must be 0 (disabled) or more, not -1.", errors);
        Assert.Contains("routes[\"opus\"].targets[1].upstream: unknown upstream 'upstrem' (did you mean 'upstream'?).", errors);
        Assert.Contains("routes[\"off\"].targets: every target has weight 0, so the route has no enabled target.", errors);
        Assert.Contains("aliases[\"x\"].target: alias cycle: x -> y -> x.", errors);
        Assert.Contains("aliases[\"z\"].target: 'opsu' is not a route, upgrade name or alias (did you mean 'opus'?).", errors);
        Assert.Contains(errors, e => e.StartsWith("routes[\"opus\"].fallbacks[0]: unknown route 'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TargetLimits_MustBePositive()
    {
        var target = Target("u", "m") with { Timeout = TimeSpan.Zero, RequestsPerMinute = 0, TokensPerMinute = -5 };

        var errors = RoutingConfigValidator.Validate(WithRoutes(Route("a", target))).Select(e => e.ToString()).ToList();

        Assert.Contains("routes[\"a\"].targets[0].timeout: must be longer than zero.", errors);
        Assert.Contains("routes[\"a\"].targets[0].rpm: must be greater than 0, not 0.", errors);
        Assert.Contains("routes[\"a\"].targets[0].tpm: must be greater than 0, not -5.", errors);
        Assert.Empty(RoutingConfigValidator.Validate(WithRoutes(Route("a", target with { Timeout = TimeSpan.FromSeconds(5), RequestsPerMinute = 60, TokensPerMinute = 1000 }))));
    }

    [Fact]
    public void Create_InvalidConfig_ThrowsWithAllErrors()
    {
        var config = WithRoutes(Route("a", Target("u", "m", weight: -2)), Route("A", Target("u", "m")));

        var exception = Assert.Throws<RoutingConfigException>(() => RouteTable.Create(config));

        // -2 is both a bad weight and leaves route 'a' with no enabled target.
        Assert.Equal(3, exception.Errors.Count);
        Assert.Contains("route 'A' is defined more than once", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("content-length")]
    [InlineData("Transfer-Encoding")]
    public void Validate_ForbiddenExtraHeader_IsError(string header)
    {
        var target = Target("u", "m") with { Params = new TargetParams { ExtraHeaders = [new HttpHeader(header, "x")] } };

        var errors = RoutingConfigValidator.Validate(WithRoutes(Route("a", target)));

        Assert.Single(errors);
        Assert.StartsWith("routes[\"a\"].targets[0].params.extra_headers", errors[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeaderWithNewline_IsError()
    {
        var target = Target("u", "m") with { Params = new TargetParams { ExtraHeaders = [new HttpHeader("x-a", "1\r\nx-b: 2")] } };

        Assert.Contains(RoutingConfigValidator.Validate(WithRoutes(Route("a", target))), e => e.Message.Contains("CR, LF", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FallbackCycle_IsError()
    {
        var config = WithRoutes(
            Route("a", Target("u", "m")) with { Fallbacks = ["b"] },
            Route("b", Target("u", "m")) with { Fallbacks = ["a"] });

        var error = Assert.Single(RoutingConfigValidator.Validate(config));

        Assert.Equal("routes[\"a\"].fallbacks", error.Path);
        Assert.Equal("fallback cycle: a -> b -> a.", error.Message);
    }

    [Fact]
    public void Validate_UpgradeRuleWithBadCondition_IsErrorWithPath()
    {
        var config = WithRoutes(Route("g3f", Target("u", "m")), Route("opus", Target("u", "o"))) with
        {
            UpgradeRules =
            [
                new FlowGate.Routing.Upgrades.UpgradeRule
                {
                    Name = "g3f.auto", Base = "g3f", To = "opsu",
                    Conditions = [new FlowGate.Routing.Upgrades.FeatureCondition { Feature = FlowGate.Routing.Upgrades.RequestFeature.MessageCount, Operator = FlowGate.Routing.Upgrades.ConditionOperator.GreaterThanOrEqual, Value = "lots" }],
                },
            ],
        };

        var errors = RoutingConfigValidator.Validate(config);

        Assert.Contains(errors, e => e.Path == "upgrades[\"g3f.auto\"].to" && e.Message.Contains("did you mean 'opus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "upgrades[\"g3f.auto\"].conditions[0]");
    }
}
