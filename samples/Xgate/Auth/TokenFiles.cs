using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Config;

namespace FlowGate.Xgate.Auth;

/// <summary>The OAuth token files <c>xgate auth status</c> lists: every <c>*.json</c> of the auth directory and the configured <c>secret_files</c>; their type, time and mode, never their contents.</summary>
internal static class TokenFiles
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static IReadOnlyList<TokenFileInfo> List(FlowGateConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("token files need Unix file modes.");
        }

        var paths = new List<string>();
        if (Directory.Exists(config.Paths.AuthDir))
        {
            paths.AddRange(Directory.EnumerateFiles(config.Paths.AuthDir, "*.json").Order(StringComparer.Ordinal));
        }

        foreach (var file in config.Paths.OAuthTokenFiles)
        {
            if (!paths.Contains(file, StringComparer.Ordinal))
            {
                paths.Add(file);
            }
        }

        return [.. paths.Select(Describe)];
    }

    public static string? DirectoryWarning(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("token files need Unix file modes.");
        }

        return Directory.Exists(dir) && (File.GetUnixFileMode(dir) & GroupOrOther) != 0
            ? $"{dir} is mode {Octal(File.GetUnixFileMode(dir))}; token directories should be 0700 (chmod 700 '{dir}')."
            : null;
    }

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    private static TokenFileInfo Describe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("token files need Unix file modes.");
        }

        if (!File.Exists(path))
        {
            return new TokenFileInfo(path, null, null, null, "missing");
        }

        var mode = File.GetUnixFileMode(path);
        var warning = (mode & GroupOrOther) != 0 ? $"mode {Octal(mode)} is looser than 0600" : null;
        string? type;
        try
        {
            // Only the "type" field is read out; no other value leaves the file.
            type = JsonNode.Parse(File.ReadAllText(path))?["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : "(no type)";
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            type = "(not JSON)";
        }

        return new TokenFileInfo(path, type, File.GetLastWriteTimeUtc(path), mode, warning);
    }
}

/// <summary>What <c>auth status</c> shows of one token file.</summary>
internal sealed record TokenFileInfo(string Path, string? Type, DateTime? Modified, UnixFileMode? Mode, string? Warning);
