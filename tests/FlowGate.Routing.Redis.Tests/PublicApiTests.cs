using FlowGate.TestUtils;

namespace FlowGate.Routing.Redis.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesSnapshot() => PublicApiSnapshot.Verify(typeof(RedisStateOptions).Assembly);
}
