using System.Buffers;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Buffers for bodies and whole answers. Up to 1 MiB they come from the shared pool; larger ones are allocated for
/// the request and left to the collector. The shared pool keeps what is returned to it for the life of the process,
/// so pooling a burst of 25 MiB bodies would pin hundreds of megabytes long after the burst; large bodies are rare
/// and cost far more to receive than to allocate.
/// </summary>
internal static class BodyBuffers
{
    /// <summary>The largest buffer taken from (and returned to) the shared pool.</summary>
    public const int MaxPooledLength = 1024 * 1024;

    /// <summary>A buffer of at least <paramref name="minimumLength"/> bytes (exactly that many when it is not pooled).</summary>
    public static byte[] Rent(int minimumLength) =>
        minimumLength <= MaxPooledLength
            ? ArrayPool<byte>.Shared.Rent(minimumLength)
            : GC.AllocateUninitializedArray<byte>(minimumLength);

    /// <summary>
    /// Gives a buffer back: a pooled one to the pool, a large one to the collector. Any buffer rented from the shared
    /// pool may come here (the pool hands out at most <see cref="MaxPooledLength"/> bytes for requests up to it).
    /// </summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
