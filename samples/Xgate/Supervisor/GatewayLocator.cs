namespace FlowGate.Xgate.Supervisor;

/// <summary>
/// Finds the command that runs this repository's gateway host, in order:
/// <list type="number">
/// <item><c>FLOWGATE_GATEWAY</c>: a <c>FlowGate.Gateway.dll</c> (run with <c>dotnet</c>) or an executable;</item>
/// <item><c>FlowGate.Gateway.dll</c> next to xgate's own files (a build or install that ships both);</item>
/// <item>a clone: the nearest <c>samples/FlowGate.Gateway</c> above the config file or the working directory, its
/// <c>bin/Release/net10.0/FlowGate.Gateway.dll</c>, built first with <c>dotnet build -c Release</c> when missing or
/// older than the sources.</item>
/// </list>
/// The gateway always gets <c>--config CONFIG</c>.
/// </summary>
internal sealed class GatewayLocator
{
    public const string EnvironmentVariable = "FLOWGATE_GATEWAY";

    private const string DllName = "FlowGate.Gateway.dll";

    private readonly Func<string, string?> _environment;
    private readonly string _ownDirectory;
    private readonly string _workingDirectory;

    /// <param name="environment">Reads <c>FLOWGATE_GATEWAY</c>.</param>
    /// <param name="ownDirectory">Where xgate's own files are.</param>
    /// <param name="workingDirectory">Where a clone is looked for after the config file's directory, and what a relative <c>FLOWGATE_GATEWAY</c> is relative to.</param>
    public GatewayLocator(Func<string, string?> environment, string ownDirectory, string workingDirectory)
    {
        _environment = environment;
        _ownDirectory = ownDirectory;
        _workingDirectory = workingDirectory;
    }

    /// <summary>The locator for <paramref name="app"/>'s environment and working directory, next to xgate's own files.</summary>
    public static GatewayLocator For(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new(app.GetEnvironmentVariable, AppContext.BaseDirectory, app.WorkingDirectory);
    }

    public static string DotnetHost
    {
        get
        {
            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
        }
    }

    public Resolved Resolve(string configPath)
    {
        var config = Path.GetFullPath(configPath);
        if (_environment(EnvironmentVariable) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given, _workingDirectory);
            return given.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new Resolved([DotnetHost, full, "--config", config], $"{EnvironmentVariable}={given}", [])
                : new Resolved([full, "--config", config], $"{EnvironmentVariable}={given}", []);
        }

        var own = Path.Combine(_ownDirectory, DllName);
        if (File.Exists(own))
        {
            return new Resolved([DotnetHost, own, "--config", config], own, []);
        }

        foreach (var start in (string[])[Path.GetDirectoryName(config)!, _workingDirectory, _ownDirectory])
        {
            if (FindProject(start) is { } project)
            {
                var projectDir = Path.GetDirectoryName(project)!;
                var dll = Path.Combine(projectDir, "bin", "Release", "net10.0", DllName);
                var build = NeedsBuild(dll, Path.GetDirectoryName(Path.GetDirectoryName(projectDir)!)!)
                    ? new[] { DotnetHost, "build", project, "-c", "Release", "--nologo", "-v", "quiet" }
                    : [];
                return new Resolved([DotnetHost, dll, "--config", config], dll, build);
            }
        }

        return new Resolved([], $"no gateway host found: set {EnvironmentVariable} to FlowGate.Gateway.dll, or run xgate from a FlowGate clone", []);
    }

    private static string? FindProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "samples", "FlowGate.Gateway", "FlowGate.Gateway.csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        return null;
    }

    /// <summary>The dll is missing or older than a source of the gateway or the libraries it builds from.</summary>
    private static bool NeedsBuild(string dll, string repo)
    {
        if (!File.Exists(dll))
        {
            return true;
        }

        var built = File.GetLastWriteTimeUtc(dll);
        foreach (var dir in (string[])["samples/FlowGate.Gateway", "FlowGate.Config", "FlowGate.Routing", "FlowGate.Routing.AspNetCore"])
        {
            var full = Path.Combine(repo, dir);
            if (!Directory.Exists(full))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories))
            {
                if ((file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal))
                    && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && File.GetLastWriteTimeUtc(file) > built)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The gateway's command, where it came from, and a build to run first (empty for none).</summary>
    internal sealed record Resolved(IReadOnlyList<string> Command, string Source, IReadOnlyList<string> BuildFirst);
}
