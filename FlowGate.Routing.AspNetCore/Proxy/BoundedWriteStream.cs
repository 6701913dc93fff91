namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>A write-only stream that refuses to grow past a limit, so an upstream cannot make FlowGate buffer without bound.</summary>
internal sealed class BoundedWriteStream(Stream inner, long limit) : Stream
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

        inner.Write(buffer, offset, count);
    }
}
