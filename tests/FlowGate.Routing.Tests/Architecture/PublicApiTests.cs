using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Architecture;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesSnapshot() => PublicApiSnapshot.Verify(typeof(RoutingConfig).Assembly);
}
