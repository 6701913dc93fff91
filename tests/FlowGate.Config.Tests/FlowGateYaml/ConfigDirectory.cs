using FlowGate.Config.Secrets;

namespace FlowGate.Config.Tests.FlowGateYaml;

/// <summary>A temporary repository layout (<c>config/flowgate.yaml</c>, <c>.router/…</c>) deleted on dispose.</summary>
internal sealed class ConfigDirectory : IDisposable
{
    public ConfigDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "flowgate-yaml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "config"));
    }

    public string Root { get; }

    public string ConfigDir => Path.Combine(Root, "config");

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal)
    {
        ["UPSTREAM_OPENAI_API_KEY"] = "sk-openai-upstream",
        ["CUSTOM_API_KEY"] = "sk-dummy",
    };

    /// <summary>Writes a file relative to the config directory and returns its path.</summary>
    public string Write(string relative, string text, UnixFileMode? mode = null)
    {
        var path = Path.GetFullPath(Path.Combine(ConfigDir, relative));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        return path;
    }

    public string WriteSeedSecret(string value = "sk-local-test\n", UnixFileMode? mode = null) => Write(YamlFixtures.CliProxySecretPath, value, mode);

    public ConfigLoadOptions Options(string? profile = null) =>
        new() { Environment = new ConfigEnvironment(name => Env.GetValueOrDefault(name)), Profile = profile };

    public ConfigLoadResult Load(string text, string? profile = null, string name = "flowgate.yaml") =>
        ConfigLoader.Load(Write(name, text), Options(profile));

    public FlowGateConfig LoadOk(string text, string? profile = null, string name = "flowgate.yaml")
    {
        var result = Load(text, profile, name);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Config!;
    }

    /// <summary>Loads and returns every diagnostic as <c>file:line:col: path: message</c>, with the directory cut off.</summary>
    public List<string> Diagnostics(string text, string? profile = null) =>
        [.. Load(text, profile).Diagnostics.Select(d => d.ToString().Replace(ConfigDir + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal))];

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
