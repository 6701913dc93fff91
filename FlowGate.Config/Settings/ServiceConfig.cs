using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>A process <c>xgate service</c> supervises (<c>services.NAME</c> of <c>flowgate.yaml</c>).</summary>
public sealed record ServiceConfig
{
    /// <summary>Gets the service's name (<c>gateway</c>, <c>cliproxyapi_plus</c>…).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the host the service listens on.</summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Gets the port the service listens on.</summary>
    public required int Port { get; init; }

    /// <summary>Gets the path whose 2xx answer means the service is ready.</summary>
    /// <value>The default value is <c>/v1/models</c>, the LiteLLM-based xgate's.</value>
    public string ReadinessPath { get; init; } = "/v1/models";

    /// <summary>Gets the command line that starts the service (<c>command.args</c>), if FlowGate should start it.</summary>
    public ValueArray<string> Command { get; init; }

    /// <summary>Gets the directory the command runs in (<c>command.cwd</c>, resolved against the config file).</summary>
    public string? WorkingDirectory { get; init; }
}
