using FlowGate.Routing.Plans;

namespace FlowGate.Routing.Tests.Plans;

public sealed class FallbackChainTests
{
    internal static RouteConfig Route(string name, ValueArray<string> fallbacks = default, ValueArray<string> contextWindow = default) =>
        new() { Name = name, Targets = [], Fallbacks = fallbacks, ContextWindowFallbacks = contextWindow };

    internal static Func<string, RouteConfig?> Lookup(params RouteConfig[] routes)
    {
        var map = new Dictionary<string, RouteConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            map.TryAdd(route.Name, route);
        }

        return name => map.GetValueOrDefault(name);
    }

    private static readonly Func<string, RouteConfig?> Example = Lookup(
        Route("a", ["b", "c"]),
        Route("b", ["d"]),
        Route("c", ["d", "a"]),
        Route("d"),
        Route("e"));

    [Fact]
    public void Expand_IsBreadthFirst_WithoutRepeats()
    {
        var chain = FallbackChain.Expand("a", FallbackKind.General, Example, [], 10);

        Assert.Equal(["b", "c", "d"], chain);
    }

    [Fact]
    public void Expand_AppendsDefaultFallbacks_AfterTheRouteChain_WithoutRepeats()
    {
        var chain = FallbackChain.Expand("a", FallbackKind.General, Example, ["e", "b", "a", "E"], 10);

        Assert.Equal(["b", "c", "d", "e"], chain);
    }

    [Fact]
    public void Expand_DoesNotExpandDefaultFallbacks()
    {
        var lookup = Lookup(Route("a"), Route("x", ["y"]), Route("y"));

        Assert.Equal(["x"], FallbackChain.Expand("a", FallbackKind.General, lookup, ["x"], 10));
    }

    [Fact]
    public void Expand_StopsAtMaxRoutes()
    {
        Assert.Equal(["b", "c"], FallbackChain.Expand("a", FallbackKind.General, Example, ["e"], 2));
        Assert.Equal(["b", "c", "d"], FallbackChain.Expand("a", FallbackKind.General, Example, ["e"], 3));
        Assert.Empty(FallbackChain.Expand("a", FallbackKind.General, Example, ["e"], 0));
        Assert.Empty(FallbackChain.Expand("a", FallbackKind.General, Example, ["e"], -1));
    }

    [Fact]
    public void Expand_ComparesNamesCaseInsensitively_AndReturnsConfiguredNames()
    {
        var lookup = Lookup(Route("Opus", ["SONNET", "sonnet", "opus"]), Route("Sonnet", ["HAIKU"]), Route("Haiku", ["OPUS"]));

        Assert.Equal(["Sonnet", "Haiku"], FallbackChain.Expand("opus", FallbackKind.General, lookup, ["haiku", "OPUS"], 10));
    }

    [Fact]
    public void Expand_SkipsUnknownNames()
    {
        var lookup = Lookup(Route("a", ["ghost", "b"]), Route("b", ["phantom"]));

        Assert.Equal(["b"], FallbackChain.Expand("a", FallbackKind.General, lookup, ["nowhere"], 10));
    }

    [Fact]
    public void Expand_UnknownStartRoute_GetsOnlyDefaults() =>
        Assert.Equal(["e"], FallbackChain.Expand("zzz", FallbackKind.General, Example, ["e"], 10));

    [Fact]
    public void Expand_SelfLoop_IsNotReturned() =>
        Assert.Empty(FallbackChain.Expand("a", FallbackKind.General, Lookup(Route("a", ["a", "A"])), ["a"], 10));

    [Fact]
    public void Expand_ContextWindow_FollowsContextWindowFallbacks_AndIgnoresDefaults()
    {
        var lookup = Lookup(
            Route("small", ["general"], contextWindow: ["medium"]),
            Route("medium", ["general"], contextWindow: ["large", "small"]),
            Route("large"),
            Route("general"));

        Assert.Equal(["medium", "large"], FallbackChain.Expand("small", FallbackKind.ContextWindow, lookup, ["general"], 10));
        Assert.Equal(["general"], FallbackChain.Expand("small", FallbackKind.General, lookup, ["general"], 10));
    }

    [Fact]
    public void Expand_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => FallbackChain.Expand(null!, FallbackKind.General, Example, [], 3));
        Assert.Throws<ArgumentNullException>(() => FallbackChain.Expand("a", FallbackKind.General, null!, [], 3));
    }
}
