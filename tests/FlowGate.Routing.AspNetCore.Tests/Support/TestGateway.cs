using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

/// <summary>A FlowGate host on real Kestrel over loopback (port 0), with an <see cref="HttpClient"/> pointed at it.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(WebApplication app, Uri address, CapturingLoggerProvider logs)
    {
        App = app;
        Address = address;
        Logs = logs;
        Client = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestGateway> StartAsync(GatewayConfig config, Action<IEndpointRouteBuilder>? map = null, Action<FlowGateOptions>? options = null)
    {
        var (app, logs) = Build(config, "http://127.0.0.1:0", map, options);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestGateway(app, new Uri(address), logs);
    }

    /// <summary>Builds (without starting) a FlowGate host on <paramref name="url"/>, its logs captured.</summary>
    public static (WebApplication App, CapturingLoggerProvider Logs) Build(GatewayConfig config, string url, Action<IEndpointRouteBuilder>? map = null, Action<FlowGateOptions>? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFlowGate(b => b.UseConfig(config).Configure(o => options?.Invoke(o)));
        var app = builder.Build();
        app.MapFlowGate();
        app.MapFlowGateRoot();
        app.MapFlowGateHealth();
        app.MapFlowGateMetrics();
        map?.Invoke(app);
        return (app, logs);
    }

    public static HttpRequestMessage Get(string path, string? bearer = null, string? apiKey = null, string? anthropicVersion = null, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        if (anthropicVersion is not null)
        {
            request.Headers.Add("anthropic-version", anthropicVersion);
        }

        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
