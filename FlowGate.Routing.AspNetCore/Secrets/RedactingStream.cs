using System.Buffers;

namespace FlowGate.Routing.AspNetCore.Secrets;

/// <summary>
/// The client's response body seen through a <see cref="SecretRedactor"/>: every byte FlowGate relays (whole answers,
/// stream events, translated or not, error bodies) passes here, so a secret the upstream quoted back is masked however
/// the upstream's bytes were split. The end of a write that could be the start of a secret is held until the next
/// write shows whether it is one; an SSE event ends in a blank line, which starts no secret, so events are not delayed.
/// </summary>
internal sealed class RedactingStream(Stream inner, SecretRedactor redactor) : Stream
{
    private byte[] _held = [];
    private int _heldLength;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        var total = _heldLength + buffer.Length;
        var work = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            _held.AsSpan(0, _heldLength).CopyTo(work);
            buffer.Span.CopyTo(work.AsSpan(_heldLength));
            var span = work.AsSpan(0, total);
            redactor.MaskInPlace(span);
            var hold = redactor.PartialTail(span);
            Hold(span[(total - hold)..]);
            if (total - hold > 0)
            {
                await inner.WriteAsync(work.AsMemory(0, total - hold), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(work);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Writes what is held: the answer is over, so it was not a secret after all.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_heldLength > 0)
        {
            var held = _held.AsMemory(0, _heldLength);
            _heldLength = 0;
            await inner.WriteAsync(held, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Hold(ReadOnlySpan<byte> tail)
    {
        if (_held.Length < tail.Length)
        {
            _held = new byte[Math.Max(tail.Length, 64)];
        }

        tail.CopyTo(_held);
        _heldLength = tail.Length;
    }
}
