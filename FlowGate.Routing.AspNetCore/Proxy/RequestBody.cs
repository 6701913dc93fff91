using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Reads a request body once into a pooled buffer, refusing it as soon as it passes the limit (a declared
/// <c>Content-Length</c> above it is refused before reading anything). Every buffer it holds is reserved on the
/// request's <see cref="BodyLease"/> first: past the gateway's body budget the read stops with
/// <see cref="BodyBudgetExceededException"/>.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Reads the body; <see langword="null"/> when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long limit, BodyLease lease, CancellationToken cancellationToken)
    {
        var max = (int)Math.Min(limit, Array.MaxLength);
        if (request.ContentLength is { } declared && declared > max)
        {
            return null;
        }

        // Reserved before renting, so a refused request allocates nothing; then topped up to the pool's rounded size.
        var size = (int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1024, max + 1L);
        lease.Reserve(size);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            lease.Reserve(buffer.Length - size);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var next = (int)Math.Min((long)buffer.Length * 2, max + 1L);
                    lease.Reserve(next - buffer.Length);
                    var larger = ArrayPool<byte>.Shared.Rent(next);
                    try
                    {
                        lease.Reserve(larger.Length - next);
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(larger);
                        throw;
                    }

                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
