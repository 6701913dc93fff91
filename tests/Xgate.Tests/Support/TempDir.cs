namespace FlowGate.Xgate.Tests.Support;

/// <summary>
/// A fresh directory under the system temp folder. On dispose, every process a pid file under it names is killed
/// (its process group, then the pid) before the directory is deleted, so a failing test leaves nothing running.
/// </summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "xgate-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        foreach (var pidFile in Directory.Exists(Path) ? Directory.EnumerateFiles(Path, "*.pid", SearchOption.AllDirectories) : [])
        {
            if (FlowGate.Xgate.Supervisor.PidFile.Read(pidFile) is { } pid && pid.MatchesLiveProcess())
            {
                Kill(pid.Pid);
            }
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    public static void Kill(int pid)
    {
        foreach (var target in (string[])[$"-{pid}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            using var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", ["-KILL", "--", target]) { RedirectStandardError = true, UseShellExecute = false });
            kill!.WaitForExit();
        }
    }
}
