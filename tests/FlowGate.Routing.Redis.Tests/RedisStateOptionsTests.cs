namespace FlowGate.Routing.Redis.Tests;

public sealed class RedisStateOptionsTests
{
    [Fact]
    public void ToString_ShowsThatAPasswordIsSet_NeverThePassword()
    {
        var options = new RedisStateOptions { Configuration = "127.0.0.1:6379", Password = "s3cret-redis-pass" };

        var printed = options.ToString();

        Assert.DoesNotContain("s3cret-redis-pass", printed, StringComparison.Ordinal);
        Assert.Contains("Password = (set)", printed, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:6379", printed, StringComparison.Ordinal);
    }
}
