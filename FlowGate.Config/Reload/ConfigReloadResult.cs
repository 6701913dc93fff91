namespace FlowGate.Config.Reload;

/// <summary>The outcome of one reload by a <see cref="FlowGateConfigProvider"/>.</summary>
/// <param name="Outcome">Whether a new snapshot was published, nothing changed, or the files were rejected.</param>
/// <param name="Config">The snapshot in force after the reload: the new one when applied, else the last good one.</param>
/// <param name="Diagnostics">Every error and warning of this load (never a secret value).</param>
public sealed record ConfigReloadResult(ConfigReloadOutcome Outcome, FlowGateConfig Config, IReadOnlyList<ConfigDiagnostic> Diagnostics);
