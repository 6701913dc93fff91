using System.Globalization;

namespace FlowGate.Xgate.Integration;

/// <summary>Replaces a client's settings file: a timestamped backup of the old one, the same file mode, an atomic rename.</summary>
internal static class ConfigFileWriter
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="contents"/> to <paramref name="file"/>.</summary>
    /// <returns>The backup's path, or null when there was no previous file.</returns>
    public static string? Replace(string file, string contents, TimeProvider time)
    {
        // A settings file kept elsewhere and linked in (dotfiles) is edited where it lives; the link stays.
        if (File.Exists(file) && new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            file = target.FullName;
        }

        var directory = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(directory);
        var exists = File.Exists(file);
        var mode = exists && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(file) : NewFileMode;
        string? backup = null;
        if (exists)
        {
            var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            backup = $"{file}.backup.{stamp}";
            for (var n = 1; File.Exists(backup); n++)
            {
                backup = $"{file}.backup.{stamp}-{n}";
            }

            File.Copy(file, backup);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(backup, mode);
            }
        }

        var temp = $"{file}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
        {
            writer.Write(contents);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, mode);
        }

        File.Move(temp, file, overwrite: true);
        return backup;
    }
}
