using System.Diagnostics;

namespace FlowGate.Xgate.Tests.Scripts;

/// <summary><c>scripts/test.sh</c> ends on one line for the whole suite, which CI reads: <c>N passed, N failed[, N skipped]</c>.</summary>
public sealed class TestSummaryTests
{
    private const string TwoAssemblies = """
        Passed!  - Failed:     0, Passed:   884, Skipped:     0, Total:   884, Duration: 37 s - FlowGate.Config.Tests.dll (net10.0)
        Failed!  - Failed:     1, Passed:   241, Skipped:     2, Total:   244, Duration: 56 s - FlowGate.Routing.AspNetCore.Tests.dll (net10.0)
        """;

    [Fact]
    public async Task SumsEveryAssembly_SkippedOnlyWhenAny()
    {
        Assert.Equal("1125 passed, 1 failed, 2 skipped", LastLine(await SummarizeAsync(TwoAssemblies, 1)));
        Assert.Equal("3 passed, 0 failed", LastLine(await SummarizeAsync("Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - a.dll (net10.0)\n", 0)));
    }

    [Fact]
    public async Task AnAbortedRunOrABuildError_NeverReadsZeroFailed()
    {
        var aborted = await SummarizeAsync("Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - a.dll (net10.0)\nTest Run Aborted.\n", 1);
        Assert.Equal("3 passed, 1 failed", LastLine(aborted));

        var buildError = await SummarizeAsync("error CS1002: ; expected\n", 1);
        Assert.Equal("0 passed, 1 failed", LastLine(buildError));
    }

    [Fact]
    public void TestSh_EndsWithTheSummary()
    {
        var script = File.ReadAllText(Path.Combine(XgateHarness.RepoRoot, "scripts", "test.sh"));
        Assert.Contains("scripts/test-summary.sh", script, StringComparison.Ordinal);
        Assert.Contains("exit \"$status\"", script, StringComparison.Ordinal);
    }

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];

    private static async Task<string> SummarizeAsync(string input, int exitCode)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(XgateHarness.RepoRoot, "scripts", "test-summary.sh"));
        start.ArgumentList.Add(exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
