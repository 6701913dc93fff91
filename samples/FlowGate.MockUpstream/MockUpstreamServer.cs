using System.Net;
using FlowGate.MockUpstream.Hosting;
using FlowGate.MockUpstream.Observation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FlowGate.MockUpstream;

/// <summary>
/// The deterministic fake upstream on real Kestrel, loopback only: Anthropic Messages, OpenAI Chat and
/// OpenAI Responses, streaming and not, with tool calls and faults on request. Start one per test and dispose it.
/// </summary>
public sealed class MockUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly RequestLog _log;
    private int _disposed;

    private MockUpstreamServer(WebApplication app, CancellationTokenSource stopping, RequestLog log, MockCounters counters, MockUpstreamOptions options, int port)
    {
        _app = app;
        _stopping = stopping;
        _log = log;
        Counters = counters;
        Options = options;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Gets the base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the options the server was started with.</summary>
    public MockUpstreamOptions Options { get; }

    /// <summary>Gets the attempt, endpoint and disconnect counters.</summary>
    public MockCounters Counters { get; }

    /// <summary>Gets a snapshot of the received requests, oldest first (the last <see cref="MockUpstreamOptions.RequestLogCapacity"/>).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _log.Snapshot();

    /// <summary>Gets the most recent request, or null.</summary>
    public ReceivedRequest? LastRequest => Requests is { Count: > 0 } requests ? requests[^1] : null;

    /// <summary>Starts a server on 127.0.0.1 (port 0 picks a free port).</summary>
    /// <exception cref="FormatException">A fault spec in <paramref name="options"/> is invalid.</exception>
    public static async Task<MockUpstreamServer> StartAsync(MockUpstreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MockUpstreamOptions();
        var counters = new MockCounters();
        var log = new RequestLog(options.RequestLogCapacity);
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        try
        {
            var handler = new MockRequestHandler(options, counters, log, stopping.Token);
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MinResponseDataRate = null;
            });

            // A write completes only once the socket has taken its bytes (the transport's writer pauses from 2 unsent
            // bytes and resumes at none). So a reset-after-bytes fault aborts after its bytes are on their way to the
            // client, never while they still wait in Kestrel's output pipe, which an abort discards: on a loaded machine
            // the transport's send loop can be that late.
            builder.WebHost.UseSockets(sockets => sockets.MaxWriteBufferSize = 2);
            app = builder.Build();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var server = new MockUpstreamServer(app, stopping, log, counters, options, new Uri(address).Port);
            app = null;
            stopping = null;
            return server;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            stopping?.Dispose();
        }
    }

    /// <summary>Gets an absolute URL on this server, e.g. <c>Url("/v1/messages?beta=true")</c>.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>Gets the received requests of one endpoint, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> RequestsTo(MockEndpoint endpoint) => [.. Requests.Where(r => r.Endpoint == endpoint)];

    /// <summary>Waits until at least <paramref name="count"/> client disconnects were observed (see <see cref="MockCounters.ClientAborts"/>).</summary>
    public Task WaitForAbortAsync(long count = 1, CancellationToken cancellationToken = default) => Counters.WaitForAbortsAsync(count, cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> requests were received.</summary>
    public Task WaitForRequestsAsync(long count, CancellationToken cancellationToken = default) => Counters.WaitForRequestsAsync(count, cancellationToken);

    /// <summary>Clears the counters and the request log.</summary>
    public void Reset()
    {
        Counters.Reset();
        _log.Clear();
    }

    /// <summary>Ends stalled streams, stops Kestrel and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
