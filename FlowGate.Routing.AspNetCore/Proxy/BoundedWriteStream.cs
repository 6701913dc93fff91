namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// A write-only stream that refuses to grow past a limit, so an upstream cannot make FlowGate buffer without bound; what
/// it takes is reserved on the request's body lease, when given.
/// </summary>
internal sealed class BoundedWriteStream(Stream inner, long limit, BodyLease? lease = null) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (inner.Length + count > limit)
        {
            throw new IOException($"The upstream's answer is larger than {limit} bytes.");
        }

        lease?.Reserve(count);
        inner.Write(buffer, offset, count);
    }
}
