using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>
/// A local CLIProxyAPI instance of <c>providers.toml</c> (<c>[instances.NAME]</c>): its port, the command that
/// starts it, its providers, and its settings with the instance's overrides already applied over <c>[global]</c>.
/// </summary>
public sealed record InstanceConfig
{
    /// <summary>Gets the instance's name; it is also the name of its upstream.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the port the instance listens on.</summary>
    public required int Port { get; init; }

    /// <summary>Gets the command line that starts the instance, if <c>xgate service</c> should supervise it.</summary>
    public ValueArray<string> Command { get; init; }

    /// <summary>Gets the instance's providers.</summary>
    public ValueArray<InstanceProvider> Providers { get; init; }

    /// <summary>Gets the effective CLIProxyAPI settings (instance value, else global, else agent-cli's default).</summary>
    public CliProxySettings Settings { get; init; } = new();
}
