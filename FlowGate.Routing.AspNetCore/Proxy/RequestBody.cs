using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Reads a request body once into a buffer (<see cref="BodyBuffers"/>), refusing it as soon as it passes the limit (a declared
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<RequestBody?> ReadAsync(HttpRequest request, long limit, BodyLease lease, CancellationToken cancellationToken)
    {
        var max = (int)Math.Min(limit, Array.MaxLength);
        if (request.ContentLength is { } declared && declared > max)
        {
            return null;
        }

        // Reserved before renting, so a refused request allocates nothing; then topped up to the pool's rounded size.
        // One byte more than a declared length, so that reading to its end needs no larger buffer to see the end.
        var size = (int)Math.Clamp(request.ContentLength + 1 ?? 16 * 1024, 1024, max + 1L);

        // Admitted only with room for one attempt's copy of the body as well: a burst that fills the budget with
        // bodies would otherwise leave none of them room to be sent, and every one would be refused after its upload.
        lease.Reserve(size, headroom: size);
        var buffer = BodyBuffers.Rent(size);
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
                        BodyBuffers.Return(buffer);
                        return null;
                    }

                    var next = (int)Math.Min((long)buffer.Length * 2, max + 1L);
                    lease.Reserve(next - buffer.Length);
                    var larger = BodyBuffers.Rent(next);
                    try
                    {
                        lease.Reserve(larger.Length - next);
                    }
                    catch
                    {
                        BodyBuffers.Return(larger);
                        throw;
                    }

                    buffer.AsSpan(0, length).CopyTo(larger);
                    BodyBuffers.Return(buffer);
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
                    BodyBuffers.Return(buffer);
                    return null;
                }
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            BodyBuffers.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Reads what is left of a body and drops it, through one small buffer. A failure to read (the client gone, too
    /// slow, or short of its <c>Content-Length</c>) ends the reading quietly: the caller answers as well as it can.
    /// </summary>
    public static async Task DiscardRestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = BodyBuffers.Rent(16 * 1024);
        try
        {
            while (await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            BodyBuffers.Return(buffer);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            BodyBuffers.Return(buffer);
        }
    }
}
