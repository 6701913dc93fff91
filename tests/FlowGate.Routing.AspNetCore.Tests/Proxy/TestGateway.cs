using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>A real FlowGate gateway on Kestrel at 127.0.0.1 (a free port), serving a config given in code; logs are captured.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, Uri baseUrl, CapturedLogs logs)
    {
        _app = app;
        BaseUrl = baseUrl;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<TestGateway> StartAsync(GatewayConfig config, Action<IServiceCollection>? services = null) =>
        StartAsync(b => b.UseConfig(config), services);

    public static Task<TestGateway> StartAsync(IGatewayConfigSource source) => StartAsync(b => b.UseConfigSource(source), null);

    private static async Task<TestGateway> StartAsync(Action<FlowGateBuilder> configure, Action<IServiceCollection>? services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFlowGate(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapFlowGate();
        app.MapFlowGateRoot();
        app.MapFlowGateHealth();
        app.MapFlowGateMetrics();
        app.MapFlowGateStatusPage();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestGateway(app, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
