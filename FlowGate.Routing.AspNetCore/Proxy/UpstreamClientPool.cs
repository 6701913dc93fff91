using System.Net;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per upstream base address, kept across reloads while the upstream stays:
/// no redirects, cookies, proxies or decompression (a gateway passes bodies through as they are), connection
/// lifetime bounded so DNS changes are seen; connections are <see cref="EarlyAnswerStream"/>s, so an answer an upstream
/// gives before reading the whole body (an early 413) reaches the client.
/// </summary>
internal sealed class UpstreamClientPool : IDisposable
{
    private readonly Lock _gate = new();
    private Dictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);

    /// <summary>Gets the client for an upstream, creating it on first use.</summary>
    public HttpMessageInvoker For(UpstreamConfig upstream)
    {
        var key = KeyOf(upstream);
        var clients = Volatile.Read(ref _clients);
        if (clients.TryGetValue(key, out var client))
        {
            return client;
        }

        lock (_gate)
        {
            if (_clients.TryGetValue(key, out client))
            {
                return client;
            }

            client = new HttpMessageInvoker(CreateHandler(), disposeHandler: true);
            Volatile.Write(ref _clients, new Dictionary<string, HttpMessageInvoker>(_clients, StringComparer.Ordinal) { [key] = client });
            return client;
        }
    }

    /// <summary>Drops clients of upstreams no longer configured.</summary>
    public void Retain(IEnumerable<UpstreamConfig> upstreams)
    {
        var keep = upstreams.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        List<HttpMessageInvoker> dropped;
        lock (_gate)
        {
            dropped = [.. _clients.Where(c => !keep.Contains(c.Key)).Select(c => c.Value)];
            Volatile.Write(ref _clients, _clients.Where(c => keep.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));
        }

        // Requests in flight on a dropped client finish first: dispose only once they had time to drain.
        _ = Task.Delay(TimeSpan.FromMinutes(10)).ContinueWith(_ => dropped.ForEach(c => c.Dispose()), TaskScheduler.Default);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients = new(StringComparer.Ordinal);
        }
    }

    private static string KeyOf(UpstreamConfig upstream) => upstream.BaseUrl.GetLeftPart(UriPartial.Authority);

    private static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectCallback = EarlyAnswerStream.ConnectAsync,
    };
}
