using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Gateway.Tests.Support;

/// <summary>
/// A stand-in OTLP/HTTP collector on 127.0.0.1: it accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c> and
/// <c>/v1/logs</c> with an empty success answer and keeps each body (protobuf) by path.
/// </summary>
internal sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Gets the bodies received, by request path.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    /// <summary>Gets the receiver's base address (<c>http://127.0.0.1:PORT</c>), what <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeOtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver.Received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    /// <summary>Waits until a body arrived on <paramref name="path"/> that contains every one of <paramref name="texts"/>.</summary>
    public async Task<byte[]> WaitForAsync(string path, TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (received, body) in Received)
            {
                var text = System.Text.Encoding.UTF8.GetString(body);
                if (received == path && texts.All(t => text.Contains(t, StringComparison.Ordinal)))
                {
                    return body;
                }
            }

            await Task.Delay(100);
        }

        var seen = string.Join(", ", Received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"));
        throw new Xunit.Sdk.XunitException($"no POST {path} containing [{string.Join(", ", texts)}] within {timeout.TotalSeconds} s; received: {(seen.Length == 0 ? "nothing" : seen)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
