using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowGate.Routing.AspNetCore;

/// <summary>Configures FlowGate after <c>services.AddFlowGate()</c>: where its configuration comes from.</summary>
public sealed class FlowGateBuilder
{
    internal FlowGateBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection, for further registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Serves a fixed routing configuration written in code (no gateway keys: loopback only).</summary>
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

    /// <summary>Serves the configuration of a source that may change (for example one that watches files).</summary>
    /// <param name="source">The source.</param>
    /// <returns>This builder.</returns>
    public FlowGateBuilder UseConfigSource(IGatewayConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Services.Replace(ServiceDescriptor.Singleton(source));
        return this;
    }
}
