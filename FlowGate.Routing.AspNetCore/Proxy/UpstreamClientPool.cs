using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per upstream base address, kept across reloads while the upstream stays:
/// no redirects, cookies or decompression (a gateway passes bodies through as they are), connection lifetime bounded so
/// DNS changes are seen, the configuration's outbound proxy when it names one, then the host's own adjustments
/// (<see cref="FlowGateOptions.ConfigureUpstreamHandler"/>). Connections are <see cref="EarlyAnswerStream"/>s, so an
/// answer an upstream gives before reading the whole body (an early 413) reaches the client.
/// </summary>
internal sealed class UpstreamClientPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IOptionsMonitor<FlowGateOptions>? _options;
    private Dictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);

    // Each upstream's key, worked out once per config object and proxy instead of a new string on every request.
    private readonly ConditionalWeakTable<UpstreamConfig, ClientKey> _keys = new();
    private Uri? _proxy;

    public UpstreamClientPool(IOptionsMonitor<FlowGateOptions>? options = null) => _options = options;

    /// <summary>Gets or sets the outbound proxy for clients created from now on; a change keys new clients apart from the old ones.</summary>
    public Uri? OutboundProxy
    {
        get => Volatile.Read(ref _proxy);
        set => Volatile.Write(ref _proxy, value);
    }

    /// <summary>Gets the client for an upstream, creating it on first use.</summary>
    public HttpMessageInvoker For(UpstreamConfig upstream)
    {
        var proxy = OutboundProxy;
        var key = CachedKeyOf(upstream, proxy);
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

            client = new HttpMessageInvoker(CreateHandler(proxy), disposeHandler: true);
            Volatile.Write(ref _clients, new Dictionary<string, HttpMessageInvoker>(_clients, StringComparer.Ordinal) { [key] = client });
            return client;
        }
    }

    /// <summary>Drops clients of upstreams no longer configured (and those of an outbound proxy no longer in force).</summary>
    public void Retain(IEnumerable<UpstreamConfig> upstreams)
    {
        var proxy = OutboundProxy;
        var keep = upstreams.Select(u => KeyOf(u, proxy)).ToHashSet(StringComparer.Ordinal);
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

    private string CachedKeyOf(UpstreamConfig upstream, Uri? proxy)
    {
        if (_keys.TryGetValue(upstream, out var cached) && ReferenceEquals(cached.Proxy, proxy))
        {
            return cached.Key;
        }

        var key = KeyOf(upstream, proxy);
        _keys.AddOrUpdate(upstream, new ClientKey(proxy, key));
        return key;
    }

    private static string KeyOf(UpstreamConfig upstream, Uri? proxy) =>
        proxy is null ? upstream.BaseUrl.GetLeftPart(UriPartial.Authority) : upstream.BaseUrl.GetLeftPart(UriPartial.Authority) + " via " + proxy.AbsoluteUri;

    private SocketsHttpHandler CreateHandler(Uri? proxy)
    {
        var options = _options?.CurrentValue;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = proxy is not null,
            Proxy = proxy is null ? null : UpstreamProxy.Create(proxy),
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,

            // Trace context goes upstream only when the host asks for it: upstreams are usually third parties.
            ActivityHeadersPropagator = options?.PropagateTraceContext == true ? DistributedContextPropagator.CreateW3CPropagator() : null,
            ConnectCallback = EarlyAnswerStream.ConnectAsync,
        };
        options?.ConfigureUpstreamHandler?.Invoke(handler);
        return handler;
    }

    private sealed record ClientKey(Uri? Proxy, string Key);
}
