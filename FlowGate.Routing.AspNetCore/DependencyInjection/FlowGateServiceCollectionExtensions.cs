using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Proxy;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FlowGate's services.</summary>
public static class FlowGateServiceCollectionExtensions
{
    private const string BareLineFeedSwitch = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";

    /// <summary>
    /// Adds FlowGate: its state, the pooled upstream clients, metrics and the proxy. Every registration is a
    /// <c>TryAdd</c>, so a part registered before (for example a <see cref="TimeProvider"/>) wins. Say where the
    /// configuration comes from with <paramref name="configure"/> (or register an <see cref="IGatewayConfigSource"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures FlowGate, for example <c>b =&gt; b.UseRoutingConfig(config)</c>.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static FlowGateBuilder AddFlowGate(this IServiceCollection services, Action<FlowGateBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Kestrel takes a bare LF as the end of a header line, so "x-tag: a<LF>anthropic-beta: b" arrives as two headers
        // and the second would be forwarded upstream as if the client had sent it. With the switch set (read when the
        // server is built, after this registration) such a request gets 400 instead.
        AppContext.SetSwitch(BareLineFeedSwitch, isEnabled: true);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpstreamClientPool>();
        services.TryAddSingleton(sp => new GatewayState(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<GatewayRuntimeHolder>();
        // The meter comes from the host's IMeterFactory, so OpenTelemetry or dotnet-counters can listen as well.
        services.AddMetrics();
        services.TryAddSingleton(sp => new FlowGateMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new PrometheusTextExporter(sp.GetRequiredService<FlowGateMetrics>()));
        services.TryAddSingleton<UpstreamProber>();
        // Enumerable: a host may run other hosted services; registering AddFlowGate twice still adds one guard.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoopbackOnlyGuard>());
        // Usage: kept in memory unless a ledger file is configured (the gateway host configures one under its state directory).
        services.TryAddSingleton<IUsageLedger>(_ => new InMemoryUsageLedger());
        services.TryAddSingleton<UsageWriter>();
        services.TryAddSingleton<UsageRecorder>();
        services.TryAddSingleton<ProxyLog>();
        services.TryAddSingleton<ShutdownDrain>();
        services.TryAddSingleton<ProxyHandler>();
        var builder = new FlowGateBuilder(services);
        configure?.Invoke(builder);
        return builder;
    }
}
