using System.Net;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>
/// An app of its own on real Kestrel at 127.0.0.1 with its own <c>/</c>, <c>/health</c> and <c>/metrics</c>, embedding
/// FlowGate from a configuration file in a temporary content root; the directory is deleted on dispose.
/// </summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    public const string OwnRoot = "the app's own root";
    public const string OwnHealth = "the app's own health";
    public const string OwnMetrics = "the app's own metrics";

    private readonly WebApplication _app;

    private EmbeddedHost(WebApplication app, DirectoryInfo root, CapturingLoggerProvider logs)
    {
        _app = app;
        Root = root;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public DirectoryInfo Root { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public string ConfigPath(string name) => Path.Combine(Root.FullName, name);

    /// <summary>Writes <paramref name="fileName"/> into a fresh content root and starts the app.</summary>
    public static async Task<EmbeddedHost> StartAsync(
        string fileName,
        string fileText,
        Action<WebApplicationBuilder> addFlowGate,
        Action<WebApplication>? mapFlowGate = null)
    {
        var root = Directory.CreateTempSubdirectory("flowgate-embedded-");
        await File.WriteAllTextAsync(Path.Combine(root.FullName, fileName), fileText);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root.FullName });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        addFlowGate(builder);
        var app = builder.Build();
        app.MapGet("/", () => Results.Text(OwnRoot));
        app.MapGet("/health", () => Results.Text(OwnHealth));
        app.MapGet("/metrics", () => Results.Text(OwnMetrics));
        if (mapFlowGate is null)
        {
            app.MapFlowGate();
        }
        else
        {
            mapFlowGate(app);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            root.Delete(recursive: true);
            throw;
        }

        return new EmbeddedHost(app, root, logs);
    }

    /// <summary>Asks until <paramref name="done"/> holds for the body, or fails after 15 s (a reload is debounced and
    /// may wait for a busy machine's file watcher).</summary>
    public async Task<string> PollAsync(Func<HttpRequestMessage> request, Func<HttpStatusCode, string, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var message = request();
            using var response = await Client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            if (done(response.StatusCode, body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 15 s; last answer: {(int)response.StatusCode} {body}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Root.Delete(recursive: true);
    }
}
