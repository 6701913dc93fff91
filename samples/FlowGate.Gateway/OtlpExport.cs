using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FlowGate.Gateway;

/// <summary>
/// OpenTelemetry export of the gateway's traces and metrics over OTLP, switched on by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable. Unset, nothing is registered: no listener samples FlowGate's spans,
/// so they cost nothing. The exporter reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>:
/// <c>grpc</c> by default or <c>http/protobuf</c>; <c>OTEL_EXPORTER_OTLP_HEADERS</c>; <c>OTEL_SERVICE_NAME</c>;
/// <c>OTEL_BSP_SCHEDULE_DELAY</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>).
/// </summary>
internal static class OtlpExport
{
    /// <summary>The variable that turns export on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The name of FlowGate's <c>ActivitySource</c> and of its <c>Meter</c> (documented in docs/embedding.md).</summary>
    public const string FlowGateSource = "FlowGate";

    /// <summary>The service name traces carry unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "flowgate-gateway";

    /// <summary>Gets whether the environment asks for export.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns><see langword="true"/> when an OTLP endpoint is set.</returns>
    public static bool IsRequested(Func<string, string?> environment) => !string.IsNullOrWhiteSpace(environment(EndpointVariable));

    /// <summary>Registers the export when the environment asks for it.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns><see langword="true"/> when export was registered.</returns>
    public static bool AddIfRequested(IServiceCollection services, Func<string, string?> environment)
    {
        if (!IsRequested(environment))
        {
            return false;
        }

        // FlowGate's request and attempt spans under ASP.NET Core's server span; FlowGate's meter and the server's
        // request metrics. The exporter takes endpoint, protocol and headers from the OTEL_* variables.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(FlowGateSource, "Microsoft.AspNetCore")
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(FlowGateSource, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter());
        return true;
    }
}
