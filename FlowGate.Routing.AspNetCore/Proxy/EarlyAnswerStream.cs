using System.Buffers;
using System.Net.Sockets;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// An upstream connection that lets an early answer be read. A server may refuse a request from its headers alone (a
/// 413 for a body it will not take), answer before reading the body, and close: the rest of the upload then fails with
/// a reset or a broken pipe, and the HTTP client would report that failure instead of the answer already received.
/// Here a write the peer refused ends the upload quietly (later writes are dropped), so the client goes on to read
/// what the server said; when it said nothing, that read fails as the connection failure it is.
/// </summary>
/// <remarks>
/// Large writes go out through a small pooled staging buffer. The socket keeps the buffer of its last asynchronous send
/// in its reusable send state until the next send, so an idle pooled connection would otherwise pin the last large
/// request body it carried (four idle connections after a burst of 25 MiB uploads held 100 MiB).
/// </remarks>
internal sealed class EarlyAnswerStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private const int StagedWriteThreshold = 256 * 1024;
    private const int StageSize = 64 * 1024;

    private volatile bool _peerStoppedReading;

    /// <summary>Opens a TCP connection the way the default handler does, wrapped so an early answer survives the upload.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new EarlyAnswerStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_peerStoppedReading)
        {
            return;
        }

        try
        {
            base.Write(buffer);
        }
        catch (IOException e) when (IsRefusedWrite(e))
        {
            _peerStoppedReading = true;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_peerStoppedReading)
        {
            return;
        }

        try
        {
            if (buffer.Length <= StagedWriteThreshold)
            {
                await base.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteStagedAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException e) when (IsRefusedWrite(e))
        {
            _peerStoppedReading = true;
        }
    }

    private async ValueTask WriteStagedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var stage = ArrayPool<byte>.Shared.Rent(StageSize);
        try
        {
            while (!buffer.IsEmpty)
            {
                var count = Math.Min(stage.Length, buffer.Length);
                buffer.Span[..count].CopyTo(stage);
                await base.WriteAsync(stage.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                buffer = buffer[count..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stage);
        }
    }

    /// <summary>The peer reset or shut the connection: what a server that answered early and closed does.</summary>
    private static bool IsRefusedWrite(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };
}
