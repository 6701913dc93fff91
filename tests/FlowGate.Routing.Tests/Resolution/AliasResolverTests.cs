using FlowGate.Routing.Resolution;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Resolution;

public sealed class AliasResolverTests
{
    [Fact]
    public void Walk_Cycle_IsDetectedNotLooped()
    {
        var aliases = new Dictionary<string, string> { ["a"] = "b", ["b"] = "c", ["c"] = "A" };

        var walk = AliasResolver.Walk("a", n => aliases.GetValueOrDefault(n.ToLowerInvariant()), _ => false);

        Assert.Equal(AliasWalkStatus.Cycle, walk.Status);
        Assert.Equal(["a", "b", "c"], walk.Chain.ToArray());
    }

    [Fact]
    public void Walk_DanglingAlias_IsUnknown()
    {
        var walk = AliasResolver.Walk("a", n => n == "a" ? "nowhere" : null, _ => false);

        Assert.Equal(AliasWalkStatus.Unknown, walk.Status);
        Assert.Equal("nowhere", walk.Terminal);
    }

    [Property(MaxTest = 1_000)]
    public Property Walk_AnyAliasGraph_TerminatesWithConsistentResult()
    {
        // Names n0..n7; each may alias another (cycles and self-loops included); some are routes.
        var graphs =
            from edges in Gen.ArrayOf(Gen.Choose(-1, 7), 8)
            from routes in Gen.ArrayOf(Gen.Elements(true, false, false), 8)
            from start in Gen.Choose(0, 7)
            select (edges, routes, start);

        return Prop.ForAll(Arb.From(graphs), g =>
        {
            string? Target(string name) => g.edges[int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture)] is var e and >= 0 ? $"n{e}" : null;
            bool IsRoute(string name) => g.routes[int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture)];

            var walk = AliasResolver.Walk($"n{g.start}", Target, IsRoute);

            Assert.True(walk.Chain.Count <= 8);
            Assert.Equal(walk.Chain.Count, walk.Chain.Distinct().Count());
            switch (walk.Status)
            {
                case AliasWalkStatus.Resolved:
                    Assert.True(IsRoute(walk.Terminal));
                    break;
                case AliasWalkStatus.Cycle:
                    Assert.Contains(walk.Terminal, walk.Chain);
                    break;
                default:
                    Assert.Null(Target(walk.Terminal));
                    break;
            }
        });
    }
}
