using FlowGate.TestUtils;

namespace FlowGate.Routing.AspNetCore.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesSnapshot() => PublicApiSnapshot.Verify(System.Reflection.Assembly.Load("FlowGate.Routing.AspNetCore"));
}
