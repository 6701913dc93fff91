using System.Text;
using FlowGate.Routing.AspNetCore.Proxy;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// An attempt's pooled body buffer goes back exactly once, and never while a send still reads it: a buffer handed on
/// too early would carry another request's bytes to this upstream.
/// </summary>
public sealed class PooledBodyContentTests
{
    [Fact]
    public async Task Send_WritesOnlyTheBodysLength_OfALongerPooledBuffer()
    {
        var buffer = new byte[64];
        Encoding.UTF8.GetBytes("{\"model\":\"m\"}").CopyTo(buffer, 0);
        buffer.AsSpan(13).Fill((byte)'X');
        using var content = new PooledBodyContent(buffer, 13, _ => { });

        Assert.Equal(13, content.Headers.ContentLength);
        Assert.Equal("{\"model\":\"m\"}", await content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dispose_AfterTheSend_GivesTheBufferBackOnce()
    {
        var returned = new List<byte[]>();
        var buffer = new byte[16];
        var content = new PooledBodyContent(buffer, 16, returned.Add);
        await content.CopyToAsync(new MemoryStream());
        Assert.Empty(returned);

        content.Dispose();
        content.Dispose();

        Assert.Same(buffer, Assert.Single(returned));
    }

    [Fact]
    public async Task Dispose_WhileASendIsWriting_WaitsForTheSendToEnd()
    {
        var returned = new List<byte[]>();
        var content = new PooledBodyContent(new byte[16], 16, returned.Add);
        var stream = new HeldWriteStream();
        var send = content.CopyToAsync(stream);
        await stream.Writing.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The answer came and the attempt ended while the body was still being written (HTTP/2 can do this).
        content.Dispose();
        Assert.Empty(returned);

        stream.Release.SetResult();
        await send.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(returned);
    }

    [Fact]
    public async Task Send_AfterDispose_FailsWithoutReadingTheBuffer()
    {
        var returned = new List<byte[]>();
        var content = new PooledBodyContent(new byte[16], 16, returned.Add);
        content.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => content.CopyToAsync(new MemoryStream()));
        Assert.Single(returned);
    }

    /// <summary>A stream whose first write starts and then waits until the test lets it finish.</summary>
    private sealed class HeldWriteStream : MemoryStream
    {
        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writing.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
