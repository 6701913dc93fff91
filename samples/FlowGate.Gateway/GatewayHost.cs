using System.Globalization;
using FlowGate.Config;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.Redis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FlowGate.Gateway;

/// <summary>
/// Builds and runs the gateway: the demo (an in-process mock upstream behind <see cref="DemoConfig"/>) or a
/// configuration file served and watched by the package's <see cref="ConfigFileSource"/>. Start-up failures are printed to stderr without a
/// stack trace and give exit code 1.
/// </summary>
internal static partial class GatewayHost
{
    /// <summary>How long a shutdown (SIGTERM, Ctrl+C) waits for requests in flight before it aborts them.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(GatewayCommandLine commandLine)
    {
        ConfigFileSource? fileSource = null;
        if (commandLine.ConfigPath is { } path)
        {
            try
            {
                fileSource = ConfigFileSource.Open(path);
            }
            catch (ConfigLoadException e)
            {
                var errors = e.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error);
                await Console.Error.WriteLineAsync($"FlowGate: {path} has {errors.ToString(CultureInfo.InvariantCulture)} error(s):").ConfigureAwait(false);
                foreach (var diagnostic in e.Diagnostics)
                {
                    await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }

                return 1;
            }
        }

        MockUpstreamServer? mock = null;
        try
        {
            IGatewayConfigSource source;
            if (fileSource is not null)
            {
                source = fileSource;
            }
            else
            {
                mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { Name = "demo-mock" }).ConfigureAwait(false);
                source = new DemoConfigSource(new GatewayConfig { Routing = DemoConfig.Create(mock.BaseUrl) });
            }

            return await ServeAsync(commandLine, source, fileSource).ConfigureAwait(false);
        }
        finally
        {
            fileSource?.Dispose();
            if (mock is not null)
            {
                await mock.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ServeAsync(GatewayCommandLine commandLine, IGatewayConfigSource source, ConfigFileSource? fileSource)
    {
        // appsettings.json is read once, not watched: its watcher covers the whole content root, subfolders included, and
        // a config folder there holds the usage ledger, whose every write would wake it (a file check per write). The
        // gateway's own configuration file is the one that reloads (ConfigFileSource). A later argument can turn it back on.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. commandLine.HostArgs]);

        // The address: ASP.NET's own setting (--urls, ASPNETCORE_URLS) wins; else the config's, else the demo's.
        var urlsSetting = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        IReadOnlyList<string> urls;
        if (!string.IsNullOrWhiteSpace(urlsSetting))
        {
            urls = ListenAddress.Split(urlsSetting);
        }
        else
        {
            var url = fileSource is null ? ListenAddress.DemoUrl : ListenAddress.Of(fileSource.Config);
            builder.WebHost.UseUrls(url);
            urls = [url];
        }

        if (source.Current.ApiKeys.IsEmpty && source.Current.NamedKeys.IsEmpty && urls.FirstOrDefault(u => !ListenAddress.IsLoopback(u)) is { } open)
        {
            await Console.Error.WriteLineAsync(
                $"FlowGate: refusing to listen on {open}: no gateway key is configured, so only loopback addresses (127.0.0.1, [::1], localhost) are allowed. " +
                "Set [gateway] api_keys (providers.toml) or gateway.api_keys (flowgate.yaml), or listen on 127.0.0.1.").ConfigureAwait(false);
            return 1;
        }

        // Shared state (several replicas behind a load balancer): Redis when the config or FLOWGATE_REDIS names one.
        var (redis, redisError) = SharedStateChoice.Choose(fileSource?.Config.State, Environment.GetEnvironmentVariable(SharedStateChoice.EnvironmentVariable));
        if (redisError is not null)
        {
            await Console.Error.WriteLineAsync($"FlowGate: {redisError}").ConfigureAwait(false);
            return 1;
        }

        // Graceful shutdown: Kestrel stops accepting, requests in flight (streams too) get the drain window.
        if (builder.Configuration["shutdownTimeoutSeconds"] is null)
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = DrainTimeout);
        }

        // A start-up failure (a busy port) is printed below as one line; Kestrel and the host report it too, each with a
        // stack trace, so their lines stay quiet until the server has started.
        var starting = new StartupQuiet();
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && !starting.Active);

        // Per-request framework logs are noise for a gateway's console; --Logging:LogLevel:Microsoft.AspNetCore=Information brings them back.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level >= LogLevel.Warning && !starting.Active);

            // Hosting.Diagnostics writes only the per-request "Request starting/finished" lines; while any of its levels
            // is on, ASP.NET also starts an Activity and a log scope for every request (about 2 % of the CPU and half a
            // KB per proxied request). FlowGate logs each request itself; a failure is logged by FlowGate and Kestrel.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }

        // The adapter's own "Configuration reloaded" line repeats the one ConfigFileSource logs (with the file and route names).
        builder.Logging.AddFilter("FlowGate.Routing.AspNetCore.GatewayRuntimeHolder", LogLevel.Warning);

        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = InlineIo.Enabled);
        // The gateway owns its listen addresses: without a key it refuses to run beyond loopback (an embedding app only warns).
        // Usage survives restarts in the ledger file the config names (paths.usage_ledger; by default beside the state file).
        builder.Services.AddFlowGate(b =>
        {
            b.UseConfigSource(source).Configure(o => o.RefuseToStartOffLoopbackWithoutKeys = true);
            if (fileSource is not null)
            {
                b.UseUsageLedgerFile(fileSource.Config.Paths.UsageLedger);
            }

            if (redis is not null)
            {
                b.UseRedisState(redis);
            }
        });
        OtlpExport.AddIfRequested(builder.Services, Environment.GetEnvironmentVariable);
        await using var app = builder.Build();
        if (fileSource is not null)
        {
            fileSource.AttachLogging(app.Services.GetRequiredService<ILoggerFactory>());
            var listening = ListenAddress.Of(fileSource.Config);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FlowGate.Gateway.Config");
            fileSource.Reloaded += (_, result) =>
            {
                var url = ListenAddress.Of(result.Config);
                if (result.Outcome == FlowGate.Config.Reload.ConfigReloadOutcome.Applied && !string.Equals(url, listening, StringComparison.OrdinalIgnoreCase))
                {
                    LogAddressChanged(logger, url, listening);
                }
            };
        }

        // The gateway serves everything FlowGate has; an embedding app maps only what it wants.
        app.MapFlowGate();
        app.MapFlowGateRoot();
        app.MapFlowGateHealth();
        app.MapFlowGateMetrics();
        app.MapFlowGateStatusPage();
        app.Lifetime.ApplicationStarted.Register(() => PrintStarted(app, source, fileSource));

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"FlowGate: cannot listen on {string.Join(";", urls)}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        starting.Active = false;

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static void PrintStarted(WebApplication app, IGatewayConfigSource source, ConfigFileSource? fileSource)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var routing = source.Current.Routing;
        var what = fileSource is null ? "the demo config" : fileSource.SourcePath;
        Console.WriteLine($"FlowGate listening on {string.Join(", ", addresses)} ({what}: {ModelSummary(routing)})");
        if (fileSource is null)
        {
            var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? ListenAddress.DemoUrl;
            Console.WriteLine();
            Console.WriteLine(TryIt.Text(first.TrimEnd('/')));
        }
    }

    /// <summary>Counts and names what clients can ask for: <c>2 routes (a, b), 1 upgrade (a.auto)</c>.</summary>
    /// <param name="routing">The routing configuration.</param>
    /// <returns>The summary.</returns>
    internal static string ModelSummary(FlowGate.Routing.RoutingConfig routing)
    {
        var upgrades = routing.UpgradeRules.Select(r => r.Name).Concat(routing.Ladders.Select(l => l.Name)).ToList();
        var text = Count(routing.Routes.Count, "route", "routes") + $" ({string.Join(", ", routing.Routes.Select(r => r.Name))})";
        return upgrades.Count == 0 ? text : text + ", " + Count(upgrades.Count, "upgrade", "upgrades") + $" ({string.Join(", ", upgrades)})";
    }

    /// <summary>A count with its noun: <c>1 route</c>, <c>2 routes</c>.</summary>
    /// <param name="count">The count.</param>
    /// <param name="one">The singular noun.</param>
    /// <param name="many">The plural noun.</param>
    /// <returns>The text.</returns>
    internal static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "The configuration now asks for {Url}; the gateway keeps listening on {Current} until it is restarted")]
    private static partial void LogAddressChanged(ILogger logger, string url, string current);

    /// <summary>Whether Kestrel's and the host's start-up reporters are silenced (until the server has started).</summary>
    private sealed class StartupQuiet
    {
        private volatile bool _active = true;

        public bool Active
        {
            get => _active;
            set => _active = value;
        }
    }

    /// <summary>The demo's configuration: written in code, never reloaded.</summary>
    private sealed class DemoConfigSource(GatewayConfig config) : IGatewayConfigSource
    {
        private static readonly Microsoft.Extensions.Primitives.IChangeToken Never = new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);

        public GatewayConfig Current { get; } = config;

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => Never;
    }
}
