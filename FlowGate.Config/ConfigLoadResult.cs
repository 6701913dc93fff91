namespace FlowGate.Config;

/// <summary>The outcome of loading a configuration: the config when it is usable, and every diagnostic either way.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>Gets the loaded configuration, or <see langword="null"/> when there are errors.</summary>
    public FlowGateConfig? Config { get; init; }

    /// <summary>Gets every error and warning, in file order where the file gives one.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Gets the full paths of every file the result depends on (the config, <c>.env</c>, secret files, the state file), for watching.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Gets the errors alone.</summary>
    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ConfigSeverity.Error);

    /// <summary>Gets a value indicating whether the configuration loaded.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;
}
