using FlowGate.Config.Settings;
using FlowGate.Routing;

namespace FlowGate.Config;

/// <summary>
/// A loaded, validated configuration: the <see cref="RoutingConfig"/> the core routes by, and what the hosts need
/// around it (listen address and gateway keys, timeouts, the instances to supervise, client integration,
/// services, OAuth providers, paths). Immutable; the same routes written as <c>providers.toml</c> or as
/// <c>flowgate.yaml</c> give equal <see cref="Routing"/> values. The outermost of three layers: the ASP.NET Core
/// adapter maps it to its <c>GatewayConfig</c> (the routing config plus keys and limits) on every (re)load.
/// </summary>
public sealed record FlowGateConfig
{
    /// <summary>Gets the schema the file used.</summary>
    public required ConfigFormat Format { get; init; }

    /// <summary>Gets the configuration file's full path.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Gets what the core routes by.</summary>
    public required RoutingConfig Routing { get; init; }

    /// <summary>Gets the gateway's listen address, keys and request limits.</summary>
    public GatewaySettings Gateway { get; init; } = new();

    /// <summary>Gets where gateway replicas share their routing state (Redis), if anywhere.</summary>
    public StateSettings State { get; init; } = new();

    /// <summary>Gets the timeouts and failure counting the adapter applies around attempts.</summary>
    public ResilienceSettings Resilience { get; init; } = new();

    /// <summary>Gets the local instances (<c>[instances.*]</c>) with their effective CLIProxyAPI settings.</summary>
    public ValueArray<InstanceConfig> Instances { get; init; }

    /// <summary>Gets the models <c>xgate integration</c> writes into the clients' settings.</summary>
    public IntegrationSettings Integration { get; init; } = new();

    /// <summary>Gets the services <c>xgate service</c> supervises besides the instances.</summary>
    public ValueArray<ServiceConfig> Services { get; init; }

    /// <summary>Gets the OAuth providers <c>xgate auth</c> drives.</summary>
    public ValueArray<AuthProviderConfig> AuthProviders { get; init; }

    /// <summary>Gets the state, log and secret directories.</summary>
    public PathSettings Paths { get; init; } = new();

    /// <summary>Gets the profile in force, if any.</summary>
    public string? ActiveProfile { get; init; }

    /// <summary>Gets every profile the file defines, in file order.</summary>
    public ValueArray<string> Profiles { get; init; }
}
