using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>
/// A small HTTP forward proxy on 127.0.0.1 for tests: it answers <c>CONNECT host:port</c> with a tunnel and an
/// absolute-form request (<c>POST http://host:port/path</c>) by relaying the connection, both to <see cref="Target"/>
/// whatever host the request named (so a call that bypassed the proxy would not reach it). With
/// <see cref="Credentials"/> set it demands Basic proxy authentication (407 first, as real proxies do), on a CONNECT as
/// on any other request. It counts the requests it let through, records the request line of each, and the local port
/// of each connection it opened to <see cref="Target"/> (what the target sees as its client's port).
/// </summary>
internal sealed class ForwardProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private int _forwarded;
    private int _challenged;

    private ForwardProxy(IPEndPoint target, string? credentials)
    {
        Target = target;
        Credentials = credentials;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Gets where every request is relayed.</summary>
    public IPEndPoint Target { get; }

    /// <summary>Gets the <c>user:password</c> the proxy demands, if any.</summary>
    public string? Credentials { get; }

    /// <summary>Gets the proxy's address, for example <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Gets how many requests (tunnels and relayed connections) the proxy let through.</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Gets how many requests were answered 407 for missing or wrong credentials.</summary>
    public int Challenged => Volatile.Read(ref _challenged);

    /// <summary>Gets the request lines the proxy let through (<c>CONNECT host:port HTTP/1.1</c>, <c>POST http://… HTTP/1.1</c>).</summary>
    public List<string> RequestLines { get; } = [];

    /// <summary>Gets the local ports of the connections the proxy opened to <see cref="Target"/>, one per request let through.</summary>
    public List<int> RelayPorts { get; } = [];

    public static ForwardProxy Start(IPEndPoint target, string? credentials = null) => new(target, credentials);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([_accepting, .. connections]).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                var head = await ReadHeadAsync(stream, _stop.Token);
                if (head is null)
                {
                    return;
                }

                var lines = head.Split("\r\n");
                if (!Authorized(lines))
                {
                    Interlocked.Increment(ref _challenged);
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n");
                    await DrainBodyAsync(stream, lines);
                    continue;
                }

                lock (_gate)
                {
                    RequestLines.Add(lines[0]);
                }

                Interlocked.Increment(ref _forwarded);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(Target, _stop.Token);
                lock (_gate)
                {
                    RelayPorts.Add(((IPEndPoint)upstream.Client.LocalEndPoint!).Port);
                }

                var upstreamStream = upstream.GetStream();
                if (lines[0].StartsWith("CONNECT ", StringComparison.Ordinal))
                {
                    await WriteAsync(stream, "HTTP/1.1 200 Connection Established\r\n\r\n");
                }
                else
                {
                    // The upstream (Kestrel) serves an absolute-form request by its path; the proxy's own header stays here.
                    var relayed = string.Join("\r\n", lines.Where(l => !l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))) + "\r\n\r\n";
                    await upstreamStream.WriteAsync(Encoding.Latin1.GetBytes(relayed), _stop.Token);
                }

                // From here on the connection is the upstream's: relay both ways until either side closes.
                var up = stream.CopyToAsync(upstreamStream, _stop.Token);
                var down = upstreamStream.CopyToAsync(stream, _stop.Token);
                await Task.WhenAny(up, down);
                return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed connection ends the relay.
        }
    }

    private bool Authorized(string[] lines)
    {
        if (Credentials is null)
        {
            return true;
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials));
        return lines.Any(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase) && l["Proxy-Authorization:".Length..].Trim() == expected);
    }

    private async Task DrainBodyAsync(NetworkStream stream, string[] lines)
    {
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => long.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var buffer = new byte[8192];
        while (length > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), _stop.Token);
            if (read == 0)
            {
                return;
            }

            length -= read;
        }
    }

    private async Task WriteAsync(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.Latin1.GetBytes(text), _stop.Token);

    // Reads up to the blank line that ends a request head, one byte at a time so nothing after it is consumed.
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
            if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                return head.ToString(0, head.Length - 4);
            }
        }

        return null;
    }
}
