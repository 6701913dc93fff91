using FlowGate.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlowGate.Routing.AspNetCore;

/// <summary>Configures FlowGate after <c>services.AddFlowGate()</c>: where its configuration comes from, and how it calls upstreams.</summary>
public sealed class FlowGateBuilder
{
    internal FlowGateBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection, for further registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Serves a configuration file (<c>providers.toml</c> or <c>flowgate.yaml</c>) and follows its edits: secrets,
    /// <c>.env</c> and profiles as the gateway host reads them; a reload with errors is logged and the last good
    /// configuration keeps serving. The first load happens when the host builds FlowGate's services; its errors fail the
    /// start with a <see cref="ConfigLoadException"/> that lists them all.
    /// </summary>
    /// <param name="path">The file; a relative path is relative to the host's content root.</param>
    /// <param name="options">How to load (environment, profile); the process environment and the saved profile when omitted.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseConfigFile(string path, ConfigLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Services.Replace(ServiceDescriptor.Singleton<IGatewayConfigSource>(sp => OpenFile(sp, path, options)));
        return this;
    }

    /// <summary>Serves a fixed routing configuration written in code (no gateway keys: loopback callers only).</summary>
    /// <param name="routing">The routing configuration.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseRoutingConfig(RoutingConfig routing) => UseConfig(new GatewayConfig { Routing = routing });

    /// <summary>Serves a fixed configuration written in code.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseConfig(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return UseConfigSource(new StaticGatewayConfigSource(config));
    }

    /// <summary>
    /// Keeps the usage ledger in an embedded SQLite file at <paramref name="path"/> (created with its directory when
    /// missing), so recorded usage survives restarts. Without this call usage is kept in memory.
    /// </summary>
    /// <param name="path">The ledger file.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseUsageLedgerFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.Replace(ServiceDescriptor.Singleton<Usage.IUsageLedger>(_ => new Usage.SqliteUsageLedger(path)));
        return this;
    }

    /// <summary>Serves the configuration of a source that may change (a <see cref="ConfigFileSource"/> opened beforehand, or your own).</summary>
    /// <param name="source">The source; the host disposes it.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseConfigSource(IGatewayConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Services.Replace(ServiceDescriptor.Singleton(source));
        return this;
    }

    /// <summary>
    /// Adjusts every upstream <see cref="SocketsHttpHandler"/> after FlowGate has set its defaults (no redirects, cookies
    /// or decompression; the configuration's outbound proxy): client certificates, connection limits, a proxy of your own.
    /// Several calls run in order.
    /// </summary>
    /// <param name="configure">The adjustment.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder ConfigureUpstreamHandler(Action<SocketsHttpHandler> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<FlowGateOptions>(o => o.ConfigureUpstreamHandler += configure);
        return this;
    }

    /// <summary>Sets options in code (on top of any bound from configuration).</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder Configure(Action<FlowGateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Opens a configuration file for the container, relative to the content root, with the host's logging attached.</summary>
    internal static ConfigFileSource OpenFile(IServiceProvider services, string path, ConfigLoadOptions? options)
    {
        var root = services.GetService<IHostEnvironment>()?.ContentRootPath;
        var full = string.IsNullOrEmpty(root) ? Path.GetFullPath(path) : Path.GetFullPath(path, root);
        var source = ConfigFileSource.Open(full, options);
        if (services.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() is { } loggers)
        {
            source.AttachLogging(loggers);
        }

        return source;
    }
}
