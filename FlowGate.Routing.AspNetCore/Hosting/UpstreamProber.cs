using System.Net.Http.Headers;
using System.Net.Sockets;
using FlowGate.Routing.AspNetCore.Proxy;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// Probes upstreams for <c>GET /health</c> with the pooled clients: <c>GET {base}/v1/models</c> for an instance and for a
/// direct upstream whose base URL has no version segment, <c>GET {base}/models</c> when it ends in one (<c>…/v1</c>, as
/// OpenAI-style base URLs do). The upstream's own key goes along (<c>x-api-key</c> and <c>anthropic-version</c> for
/// Anthropic, Bearer otherwise) with its configured headers, so an auth failure shows as 401 — still "reachable": any
/// answer below 500 counts as healthy. Each probe has 3 seconds (wall clock); latency is read from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class UpstreamProber(UpstreamClientPool clients, TimeProvider time, ILogger<UpstreamProber> logger)
{
    /// <summary>How long one probe may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Probes every upstream at once.</summary>
    public Task<ProbeResult[]> ProbeAllAsync(IEnumerable<UpstreamConfig> upstreams, CancellationToken cancellationToken) =>
        Task.WhenAll(upstreams.Select(u => ProbeAsync(u, cancellationToken)));

    /// <summary>Probes one upstream.</summary>
    public async Task<ProbeResult> ProbeAsync(UpstreamConfig upstream, CancellationToken cancellationToken)
    {
        var shown = Shown(upstream.BaseUrl);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = time.GetTimestamp();
        int? status = null;
        string? error;
        try
        {
            using var request = CreateRequest(upstream);
            using var response = await clients.For(upstream).SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            error = status < 500 ? null : $"HTTP {status}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            error = Describe(e, upstream.BaseUrl);
        }

        var latency = time.GetElapsedTime(started).TotalMilliseconds;
        if (error is not null)
        {
            LogUnhealthy(upstream.Name, error);
        }

        return new ProbeResult(upstream.Name, shown, error is null, status, Math.Round(latency, 1), error);
    }

    /// <summary>Gets the URL probed for an upstream.</summary>
    public static Uri ProbeUri(UpstreamConfig upstream)
    {
        var basePath = upstream.BaseUrl.AbsolutePath.TrimEnd('/');
        var path = upstream.Protocol != UpstreamProtocol.Instance && EndsWithVersion(basePath) ? basePath + "/models" : basePath + "/v1/models";
        return new UriBuilder(upstream.BaseUrl) { Path = path }.Uri;
    }

    // A host that does not resolve (a placeholder, a typo, no DNS) is named as such: "connection failed" would send
    // the operator looking for a server that was never asked.
    private static string Describe(HttpRequestException e, Uri baseUrl)
    {
        var socket = e.InnerException as SocketException;
        if (e.HttpRequestError == HttpRequestError.NameResolutionError || socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData)
        {
            return $"DNS lookup of {baseUrl.IdnHost} failed: {socket?.SocketErrorCode.ToString() ?? "no address"}";
        }

        return socket is not null ? $"connection failed: {socket.SocketErrorCode}" : $"request failed: {e.HttpRequestError}";
    }

    // Scheme, host, port and path: user info and query may hold credentials.
    private static string Shown(Uri baseUrl) => $"{baseUrl.Scheme}://{baseUrl.Authority}{baseUrl.AbsolutePath.TrimEnd('/')}";

    private static bool EndsWithVersion(string path)
    {
        var last = path.AsSpan(path.LastIndexOf('/') + 1);
        return last.Length >= 2 && last[0] == 'v' && !last[1..].ContainsAnyExceptInRange('0', '9');
    }

    private static HttpRequestMessage CreateRequest(UpstreamConfig upstream)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ProbeUri(upstream));
        foreach (var header in upstream.Headers)
        {
            // A header with CR or LF would split the request: skipped, like one the collection refuses.
            if (!header.Name.AsSpan().ContainsAny('\r', '\n') && !header.Value.AsSpan().ContainsAny('\r', '\n'))
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        if (upstream.ApiKey is { } key)
        {
            if (upstream.Protocol == UpstreamProtocol.Anthropic)
            {
                request.Headers.Remove("x-api-key");
                request.Headers.TryAddWithoutValidation("x-api-key", key.Reveal());
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
            }
        }

        if (upstream.Protocol == UpstreamProtocol.Anthropic && !request.Headers.Contains("anthropic-version"))
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }

        return request;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Health probe: upstream {Upstream} is unhealthy: {Reason}")]
    private partial void LogUnhealthy(string upstream, string reason);
}
