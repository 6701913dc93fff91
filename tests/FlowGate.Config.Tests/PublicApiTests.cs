using FlowGate.TestUtils;

namespace FlowGate.Config.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesSnapshot() => PublicApiSnapshot.Verify(System.Reflection.Assembly.Load("FlowGate.Config"));
}
