namespace FlowGate.Routing.Redis.Tests.Support;

/// <summary>Waits for a condition that another replica's message makes true: polled, with a generous limit (never timed).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? Limit);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"still not true after {(limit ?? Limit).TotalSeconds:0} s: {what}");
            await Task.Delay(20);
        }
    }
}
