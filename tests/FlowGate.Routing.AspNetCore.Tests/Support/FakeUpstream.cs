using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

/// <summary>A tiny upstream on loopback that answers <c>GET /v1/models</c> and <c>GET /v1/v1/models</c>, and records the requests it saw.</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<(string Path, string? Authorization, string? ApiKey)> Requests { get; } = new();

    public static async Task<FakeUpstream> StartAsync(int status = 200)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeUpstream? upstream = null;
        app.Run(context =>
        {
            upstream!.Requests.Enqueue((context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), context.Request.Headers["x-api-key"].ToString()));
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("""{"object":"list","data":[]}""");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream = new FakeUpstream(app, new Uri(address));
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
