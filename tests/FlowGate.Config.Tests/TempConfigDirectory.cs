using FlowGate.Config.Secrets;

namespace FlowGate.Config.Tests;

/// <summary>A temporary directory of real config files, deleted on dispose, with a private environment for <c>${VAR}</c>.</summary>
internal sealed class TempConfigDirectory : IDisposable
{
    public TempConfigDirectory()
    {
        Root = Directory.CreateTempSubdirectory("flowgate-config-").FullName;
    }

    public string Root { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public ConfigLoadOptions Options => new() { Environment = new ConfigEnvironment(name => Variables.GetValueOrDefault(name)) };

    /// <summary>Writes a file (creating directories) and returns its full path; secret files get mode 0600 unless told otherwise.</summary>
    public string Write(string relativePath, string text, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, m);
        }

        return path;
    }

    /// <summary>Copies a fixture from the test output's Fixtures folder.</summary>
    public string CopyFixture(string fixture, string? as_ = null) =>
        Write(as_ ?? fixture, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)));

    public ConfigLoadResult Load(string relativePath) => ConfigLoader.Load(Path.Combine(Root, relativePath), Options);

    /// <summary>Loads and returns the diagnostics as printed, with the temp root replaced by <c>ROOT</c>.</summary>
    public List<string> Diagnostics(string relativePath) =>
        [.. Load(relativePath).Diagnostics.Select(d => d.ToString().Replace(Root, "ROOT", StringComparison.Ordinal))];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
