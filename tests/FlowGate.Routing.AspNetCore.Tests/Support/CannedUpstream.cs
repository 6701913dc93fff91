using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

/// <summary>An upstream on loopback that answers every request with the same body and headers, whatever was asked.</summary>
public sealed class CannedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Gets the base address, ending in <c>/</c>.</summary>
    public Uri Address { get; }

    public static async Task<CannedUpstream> StartAsync(string contentType, string body, Action<IHeaderDictionary>? headers = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context =>
        {
            headers?.Invoke(context.Response.Headers);
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CannedUpstream(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
