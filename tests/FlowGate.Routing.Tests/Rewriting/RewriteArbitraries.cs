using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>
/// Arbitrary rewrite cases (a request body in one of the three protocols and the target's parameters) for the
/// rewriter's properties: <c>[Property(Arbitrary = new[] { typeof(RewriteArbitraries) })]</c>.
/// </summary>
public static class RewriteArbitraries
{
    public static Arbitrary<RewriteCase> RewriteCases() => Arb.From(RewriteCaseGen.Cases);
}
