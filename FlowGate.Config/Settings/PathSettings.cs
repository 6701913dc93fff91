namespace FlowGate.Config.Settings;

/// <summary>
/// Where FlowGate keeps its state, logs, pid files and OAuth tokens (<c>paths</c> of <c>flowgate.yaml</c>). The loader
/// resolves every relative path against the configuration file's directory, so these are full paths.
/// </summary>
public sealed record PathSettings
{
    /// <summary>Gets the runtime directory (pid files, generated instance configs).</summary>
    public string RuntimeDir { get; init; } = ".router/runtime";

    /// <summary>Gets the state file that names the active profile (<c>{"current_profile": …}</c>).</summary>
    public string StateFile { get; init; } = ".router/runtime/state.json";

    /// <summary>Gets the usage ledger, an SQLite file (<c>paths.usage_ledger</c>; by default <c>usage.db</c> beside the state file).</summary>
    public string UsageLedger { get; init; } = ".router/runtime/usage.db";

    /// <summary>Gets the log directory.</summary>
    public string LogDir { get; init; } = ".router/logs";

    /// <summary>Gets the directory imported OAuth tokens are written to.</summary>
    public string AuthDir { get; init; } = ".router/auths";

    /// <summary>Gets the file the LiteLLM-based xgate rendered the active LiteLLM config to (<c>paths.active_config</c>), if configured; FlowGate reads the source file instead.</summary>
    public string? ActiveConfig { get; init; }

    /// <summary>Gets the log file (<c>paths.log_file</c>), if configured.</summary>
    public string? LogFile { get; init; }

    /// <summary>Gets the OAuth token files the CLIProxyAPI instances use (<c>secret_files</c> of <c>flowgate.yaml</c>), full paths.</summary>
    public FlowGate.Routing.ValueArray<string> OAuthTokenFiles { get; init; }

    /// <summary>Gets the CLIProxyAPI binary, if configured.</summary>
    public string? CliProxyBinary { get; init; }
}
