using FlowGate.Routing.Resolution;
using FlowGate.Routing.Upgrades;
using static FlowGate.Routing.Tests.TestConfigs;

namespace FlowGate.Routing.Tests.Resolution;

public sealed class RouteTableTests
{
    private static readonly RoutingConfig Config = WithRoutes(
        Route("opus4.6", Target("a", "claude-opus-4-6")),
        Route("g3f", Target("b", "gemini-3-flash")),
        Route("g3f.auto", Target("b", "gemini-3-flash")),
        Route("router-default", Target("a", "claude-sonnet-4-6"))) with
    {
        Aliases =
        [
            new AliasConfig { Name = "sonnet", Target = "default" },
            new AliasConfig { Name = "default", Target = "router-default" },
            new AliasConfig { Name = "secret-name", Target = "opus4.6", Hidden = true },
            new AliasConfig { Name = "*", Target = "router-default" },
            new AliasConfig { Name = "claude-*", Target = "sonnet" },
            new AliasConfig { Name = "claude-opus-*", Target = "opus4.6" },
        ],
        UpgradeRules =
        [
            new UpgradeRule
            {
                Name = "g3f.auto", Base = "g3f", To = "opus4.6",
                Conditions = [new FeatureCondition { Feature = RequestFeature.MessageCount, Operator = ConditionOperator.GreaterThanOrEqual, Value = "80" }],
            },
        ],
    };

    private static readonly RouteTable Table = RouteTable.Create(Config);

    [Theory]
    [InlineData("opus4.6")]
    [InlineData("OPUS4.6")]
    [InlineData("Opus4.6")]
    public void Resolve_RouteName_IsCaseInsensitive(string model)
    {
        var resolution = Table.Resolve(model);

        Assert.Equal(ResolutionOutcome.Route, resolution.Outcome);
        Assert.Equal("opus4.6", resolution.Name);
        Assert.Empty(resolution.AliasChain);
        Assert.Null(resolution.Pattern);
    }

    [Fact]
    public void Resolve_AliasChain_FollowsToRouteAndRecordsChain()
    {
        var resolution = Table.Resolve("Sonnet");

        Assert.Equal("router-default", resolution.Route!.Name);
        Assert.Equal(["sonnet", "default"], resolution.AliasChain.ToArray());
    }

    [Theory]
    [InlineData("claude-opus-4-7", "opus4.6", "claude-opus-*")]
    [InlineData("claude-haiku-4-5", "router-default", "claude-*")]
    [InlineData("gpt-5.2", "router-default", "*")]
    public void Resolve_Patterns_MostSpecificFirst(string model, string route, string pattern)
    {
        var resolution = Table.Resolve(model);

        Assert.Equal(route, resolution.Route!.Name);
        Assert.Equal(pattern, resolution.Pattern);
    }

    [Fact]
    public void Resolve_UpgradeName_WinsOverRouteOfSameName()
    {
        var resolution = Table.Resolve("G3F.AUTO");

        Assert.Equal(ResolutionOutcome.Upgrade, resolution.Outcome);
        Assert.Equal("g3f.auto", resolution.Name);
        Assert.Null(resolution.Route);
        Assert.True(Table.TryGetRoute("g3f.auto", out var route));
        Assert.Equal("g3f.auto", route.Name);
    }

    [Fact]
    public void Resolve_UnknownWithoutCatchAll_NamesClosestMatch()
    {
        var table = RouteTable.Create(Config with { Aliases = Config.Aliases.Where(a => !a.IsPattern).ToValueArray() });

        var resolution = table.Resolve("opus4.7");

        Assert.Equal(ResolutionOutcome.NotFound, resolution.Outcome);
        Assert.False(resolution.Found);
        Assert.Equal("opus4.7", resolution.Name);
        Assert.Equal("opus4.6", resolution.ClosestMatch);
    }

    [Fact]
    public void ListedModels_LeaveOutHiddenAliasesAndPatterns()
    {
        Assert.Equal(["opus4.6", "g3f", "g3f.auto", "router-default", "sonnet", "default"], Table.ListedModels);
    }

    [Fact]
    public void Resolve_KnownName_ReturnsSameInstanceWithoutAllocating()
    {
        Assert.Same(Table.Resolve("sonnet"), Table.Resolve("SONNET"));
        Table.Resolve("claude-x");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Table.Resolve("Sonnet");
            Table.Resolve("claude-opus-4-7");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Targets_SharingAnId_ShareOrdinal()
    {
        Assert.True(Table.TryGetRoute("g3f", out var g3f));
        Assert.True(Table.TryGetRoute("g3f.auto", out var auto));

        Assert.Equal(g3f.Targets[0].Ordinal, auto.Targets[0].Ordinal);
        Assert.Equal(3, Table.TargetCount);
        Assert.Equal(new TargetId("b", "gemini-3-flash"), Table.GetTargetId(g3f.Targets[0].Ordinal));
    }
}
