namespace FlowGate.Xgate.Supervisor;

/// <summary>What a supervised process is.</summary>
internal enum ServiceKind
{
    /// <summary>A CLIProxyAPI instance of <c>providers.toml</c> (<c>[instances.NAME]</c>).</summary>
    Instance,

    /// <summary>A <c>services.NAME</c> entry of <c>flowgate.yaml</c>.</summary>
    Service,

    /// <summary>The FlowGate gateway itself.</summary>
    Gateway,
}

/// <summary>One process <c>xgate service</c> knows: where it listens, how it is started and how its readiness is probed.</summary>
internal sealed record ServiceSpec
{
    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    public required int Port { get; init; }

    public required string ReadinessPath { get; init; }

    /// <summary>Gets the command line (empty: not supervised, only probed).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Gets environment variables removed from the child's environment.</summary>
    public IReadOnlyList<string> RemoveEnvironment { get; init; } = [];

    /// <summary>Gets a note on where the command came from (the gateway's resolution), shown by <c>service start</c>.</summary>
    public string? CommandSource { get; init; }

    /// <summary>Gets a build the command needs first (the gateway from a clone), if any.</summary>
    public IReadOnlyList<string> BuildFirst { get; init; } = [];

    public bool Supervised => Command.Count > 0;

    /// <summary>Gets the host to connect to: a wildcard listen address is probed on loopback.</summary>
    public string ProbeHost => Host is "0.0.0.0" or "*" or "+" or "" ? "127.0.0.1" : Host is "::" or "[::]" ? "[::1]" : Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]" : Host;

    public Uri BaseUrl => new($"http://{ProbeHost}:{Port}");

    public Uri ReadinessUrl => new(BaseUrl, ReadinessPath.StartsWith('/') ? ReadinessPath : "/" + ReadinessPath);

    public string Address => $"{ProbeHost}:{Port}";
}
