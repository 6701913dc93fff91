using System.CommandLine;

namespace FlowGate.Xgate;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    /// <summary>Gets <c>--config</c>: the configuration file; default <c>config/flowgate.yaml</c>, or <c>providers.toml</c> when that is what exists.</summary>
    public Option<FileInfo?> Config { get; } = new("--config", "-c")
    {
        Description = "The configuration file (default: config/flowgate.yaml, or providers.toml when that is what is found).",
        Recursive = true,
    };

    /// <summary>Gets the files looked for, in order, when <c>--config</c> is not given.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["config/flowgate.yaml", "providers.toml", "config/providers.toml", "flowgate.yaml"];

    /// <summary>Finds the configuration file the command should use.</summary>
    public static string ResolveConfigPath(FileInfo? given, string workingDirectory)
    {
        if (given is not null)
        {
            // FileInfo keeps the path as typed; resolve it against the app's working directory, not the process's.
            return Path.GetFullPath(given.ToString(), workingDirectory);
        }

        foreach (var candidate in DefaultNames)
        {
            var path = Path.Combine(workingDirectory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return Path.Combine(workingDirectory, "config/flowgate.yaml");
    }
}
