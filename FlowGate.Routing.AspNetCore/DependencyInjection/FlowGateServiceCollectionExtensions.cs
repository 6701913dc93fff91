using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.Proxy;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FlowGate's services.</summary>
public static class FlowGateServiceCollectionExtensions
{
    private const string BareLineFeedSwitch = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";

    /// <summary>
    /// Adds FlowGate: its state, the pooled upstream clients, metrics, tracing, health checks and the proxy. Every
    /// registration is a <c>TryAdd</c>, so a part registered before (for example a <see cref="TimeProvider"/>) wins. Say
    /// where the configuration comes from with <paramref name="configure"/> (<c>b =&gt; b.UseConfigFile("providers.toml")</c>),
    /// with <see cref="FlowGateOptions.ConfigFile"/>, or by registering an <see cref="IGatewayConfigSource"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures FlowGate, for example <c>b =&gt; b.UseConfigFile("providers.toml")</c>.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static FlowGateBuilder AddFlowGate(this IServiceCollection services, Action<FlowGateBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Kestrel takes a bare LF as the end of a header line, so "x-tag: a<LF>anthropic-beta: b" arrives as two headers
        // and the second would be forwarded upstream as if the client had sent it. With the switch set (read when the
        // server is built, after this registration) such a request gets 400 instead.
        AppContext.SetSwitch(BareLineFeedSwitch, isEnabled: true);
        services.AddOptions<FlowGateOptions>()
            .Validate(FlowGateOptionsCheck.IsValid, FlowGateOptionsCheck.Message)
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ConfigFromOptions);
        services.TryAddSingleton<UpstreamClientPool>();
        services.TryAddSingleton(sp => new GatewayState(sp.GetRequiredService<TimeProvider>()));
        // Where target state is read and changed: the in-process state unless a shared store (FlowGate.Routing.Redis) replaces it.
        services.TryAddSingleton<ITargetStateStore>(sp => sp.GetRequiredService<GatewayState>());
        services.TryAddSingleton<GatewayRuntimeHolder>();
        // The meter comes from the host's IMeterFactory, so OpenTelemetry or dotnet-counters can listen as well.
        services.AddMetrics();
        services.TryAddSingleton(sp => new FlowGateMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new PrometheusTextExporter(sp.GetRequiredService<FlowGateMetrics>()));
        services.TryAddSingleton<UpstreamProber>();
        if (!services.Any(d => d.ServiceType == typeof(UpstreamsHealthCheck)))
        {
            services.AddSingleton<UpstreamsHealthCheck>();
            services.AddHealthChecks().AddCheck<UpstreamsHealthCheck>(UpstreamsHealthCheck.Name, tags: [UpstreamsHealthCheck.Tag]);
        }

        // Enumerable: a host may run other hosted services; registering AddFlowGate twice still adds one guard.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoopbackOnlyGuard>());
        // Usage: kept in memory unless a ledger file is configured (the gateway host configures one under its state directory).
        services.TryAddSingleton<IUsageLedger>(_ => new InMemoryUsageLedger());
        services.TryAddSingleton<UsageWriter>();
        services.TryAddSingleton<UsageRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KeyBudgetRestore>());
        services.TryAddSingleton(sp => new FlowGate.Routing.AspNetCore.Status.ReloadHistory(sp.GetRequiredService<IGatewayConfigSource>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ProxyLog>();
        services.TryAddSingleton<ShutdownDrain>();
        services.TryAddSingleton<ProxyHandler>();
        var builder = new FlowGateBuilder(services);
        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>
    /// Adds FlowGate with its <see cref="FlowGateOptions"/> bound from a configuration section (for example
    /// <c>configuration.GetSection("FlowGate")</c>): <c>ConfigFile</c>, the limits, and the rest, followed when the section
    /// changes (<c>IOptionsMonitor</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding FlowGate's options.</param>
    /// <param name="configure">Configures FlowGate further.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static FlowGateBuilder AddFlowGate(this IServiceCollection services, IConfiguration section, Action<FlowGateBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.Configure<FlowGateOptions>(section);
        return services.AddFlowGate(configure);
    }

    private static IGatewayConfigSource ConfigFromOptions(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<FlowGateOptions>>().Value;
        return options.ConfigFile is { Length: > 0 } file
            ? FlowGateBuilder.OpenFile(services, file, null)
            : throw new InvalidOperationException(
                "FlowGate has no configuration: call services.AddFlowGate(b => b.UseConfigFile(\"providers.toml\")) (or UseConfig / UseConfigSource), or set FlowGate:ConfigFile.");
    }
}
