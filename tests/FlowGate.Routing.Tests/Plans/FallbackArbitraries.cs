using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Plans;

/// <summary>
/// Arbitrary fallback graphs (one to eight routes, unknown names, random casing, every bound from -1 to 10) for the
/// fallback properties: <c>[Property(Arbitrary = new[] { typeof(FallbackArbitraries) })]</c>.
/// </summary>
public static class FallbackArbitraries
{
    public static Arbitrary<FallbackGraph> Graphs() => Arb.From(FallbackGraph.Generator);
}
