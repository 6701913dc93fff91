using FlowGate.Config.Secrets;

namespace FlowGate.Config;

/// <summary>How <see cref="ConfigLoader"/> loads a file.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>Gets the default options: the process environment, and the active profile from the state file.</summary>
    public static ConfigLoadOptions Default { get; } = new();

    /// <summary>Gets where <c>${VAR}</c> and <c>os.environ/VAR</c> are looked up; the <c>.env</c> beside the file is added to it.</summary>
    public ConfigEnvironment Environment { get; init; } = ConfigEnvironment.Process;

    /// <summary>Gets a profile to apply instead of the one the state file names, if any.</summary>
    public string? Profile { get; init; }
}
