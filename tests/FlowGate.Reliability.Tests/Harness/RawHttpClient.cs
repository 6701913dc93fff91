using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowGate.Reliability.Tests.Harness;

/// <summary>
/// A client on a raw socket, for what curl and HttpClient will not send: a body shorter than its
/// <c>Content-Length</c>, a body dripped a byte at a time, a half-closed connection. Reads one HTTP/1.1 answer.
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttpClient> ConnectAsync(Uri baseUrl)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
        return new RawHttpClient(tcp);
    }

    /// <summary>Sends a POST's request line and headers, declaring <paramref name="contentLength"/> body bytes.</summary>
    public Task SendHeadAsync(string path, long contentLength, params string[] headers)
    {
        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Closes the sending side: the server reads the end of the body, and can still answer.</summary>
    public void HalfClose() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one answer: its status and body (by <c>Content-Length</c>, or to the connection's end).</summary>
    public async Task<(int Status, string Head, string Body)> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await _stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the server closed the connection before a complete answer head: " + Encoding.ASCII.GetString([.. received]));
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
        var body = received.Skip(headEnd + 4).ToList();
        while (length < 0 || body.Count < length)
        {
            var read = await _stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        return (status, head, Encoding.UTF8.GetString([.. body]));
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
