namespace FlowGate.Config.Binding;

/// <summary>What a schema binder returns: the config (not yet validated by the core) and the extra files it depends on.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Files">Files beyond the config itself, <c>.env</c> and secret files (for example the state file).</param>
internal sealed record BoundConfig(FlowGateConfig Config, IReadOnlyList<string> Files);
