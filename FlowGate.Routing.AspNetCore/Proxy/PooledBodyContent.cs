using System.Net;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// An attempt's request body in a pooled buffer (<see cref="BodyBuffers"/>): the first <c>length</c> bytes are sent.
/// The buffer goes back to the pool once the content is disposed and no send is still reading it. Disposal alone is
/// not enough: on HTTP/2 the handler may still be writing the body when the answer has already arrived and been
/// disposed, and a buffer handed to another request while that write runs would send that request's bytes here.
/// </summary>
internal sealed class PooledBodyContent : HttpContent
{
    private readonly int _length;
    private readonly Action<byte[]> _giveBack;
    private byte[]? _buffer;

    // The owner (until disposal) plus each send in progress. Whoever brings it to zero returns the buffer.
    private int _holders = 1;
    private int _disposed;

    public PooledBodyContent(byte[] buffer, int length)
        : this(buffer, length, BodyBuffers.Return)
    {
    }

    /// <summary>A body whose buffer goes to <paramref name="giveBack"/> (the tests watch it there).</summary>
    internal PooledBodyContent(byte[] buffer, int length, Action<byte[]> giveBack)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        _buffer = buffer;
        _length = length;
        _giveBack = giveBack;
    }

    /// <summary>Gets the length of the body.</summary>
    public int Length => _length;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Hold();
        try
        {
            await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Hold();
        try
        {
            stream.Write(buffer, 0, _length);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private byte[] Hold()
    {
        // A send never starts after disposal (the request is disposed once its attempt is over), but if one did, it
        // must fail rather than read a buffer that may already be someone else's.
        int holders;
        do
        {
            holders = Volatile.Read(ref _holders);
            ObjectDisposedException.ThrowIf(holders == 0, this);
        }
        while (Interlocked.CompareExchange(ref _holders, holders + 1, holders) != holders);

        return _buffer!;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _giveBack(buffer);
        }
    }
}
