using FlowGate.Routing.AspNetCore.Proxy;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Large bodies leave a socket engine's (non-pool) thread before FlowGate works on them; small ones stay.</summary>
public sealed class IoThreadTests
{
    [Theory]
    [InlineData(IoThread.LargeBodyBytes, true)]
    [InlineData(1024 * 1024, true)]
    [InlineData(IoThread.LargeBodyBytes - 1, false)]
    [InlineData(0, false)]
    public void OnADedicatedThread_LargeWorkContinuesOnThePool(int bytes, bool leaves)
    {
        bool? continuedOnPool = null;
        var thread = new Thread(() =>
        {
            // Like a socket engine's thread: not a pool thread, no synchronization context.
            continuedOnPool = ContinueAfterAsync(bytes).AsTask().GetAwaiter().GetResult();
        });
        thread.Start();
        // Generous: on a loaded CI machine the pool may take seconds to pick up the posted continuation.
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(leaves, continuedOnPool);
    }

    [Fact]
    public async Task OnAPoolThread_NothingMoves()
    {
        var (before, after) = await Task.Run(async () =>
        {
            var id = Environment.CurrentManagedThreadId;
            var task = IoThread.LeaveForLargeAsync(1024 * 1024);
            Assert.True(task.IsCompletedSuccessfully);
            await task;
            return (id, Environment.CurrentManagedThreadId);
        });
        Assert.Equal(before, after);
    }

    private static async ValueTask<bool> ContinueAfterAsync(int bytes)
    {
        await IoThread.LeaveForLargeAsync(bytes).ConfigureAwait(false);
        return Thread.CurrentThread.IsThreadPoolThread;
    }
}
