using System.Diagnostics;
using FlowGate.Gateway.Tests.Support;

namespace FlowGate.Gateway.Tests;

/// <summary>
/// <c>dotnet run --project samples/FlowGate.Gateway -- --config providers.toml</c>, as the README gives it: a relative
/// <c>--config</c> is found in the directory the command runs from, not in the project's folder.
/// </summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task RelativeConfig_ResolvesAgainstTheDirectoryTheCommandRunsFrom()
    {
        using var dir = new TempDirectory();
        dir.Write("providers.toml", """
            [routing]
            "a" = [{ instance = "nope", model = "m" }]
            """);
        var project = Path.Combine(RepoRoot(), "samples", "FlowGate.Gateway");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["run", "--project", project, "--no-build", "-c", configuration, "--", "--config", "providers.toml"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = await stderr + await stdout;
        Assert.Equal(1, process.ExitCode);

        // The file in the working directory was read: its own error is reported (the project folder has no such file).
        Assert.Contains("providers.toml:2:", errors, StringComparison.Ordinal);
        Assert.Contains("unknown instance 'nope'", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", errors, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowGate.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FlowGate.sln not found above " + AppContext.BaseDirectory);
    }
}
