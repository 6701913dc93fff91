using System.Reflection;
using Xunit;

namespace FlowGate.TestUtils;

/// <summary>
/// Compares an assembly's rendered public API with the checked-in <c>PublicApi/&lt;Assembly&gt;.txt</c>. To accept a
/// deliberate change, run the tests with <c>FLOWGATE_ACCEPT_API=1</c> and commit the rewritten file.
/// </summary>
public static class PublicApiSnapshot
{
    public static void Verify(Assembly assembly, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        var name = assembly.GetName().Name + ".txt";
        var actual = PublicApiRenderer.Render(assembly);
        if (Environment.GetEnvironmentVariable("FLOWGATE_ACCEPT_API") == "1")
        {
            // Only a local run writes: a CI build maps source paths to /_/ (deterministic builds).
            var sourcePath = Path.Combine(ProjectDirectory(callerFile), "PublicApi", name);
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi", name);
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(
            expected == actual,
            $"The public API of {assembly.GetName().Name} changed. Review the difference below; if it is intended, " +
            $"run the tests with FLOWGATE_ACCEPT_API=1 and commit {name}.\n{Diff(expected, actual)}");
    }

    private static string ProjectDirectory(string sourceFile)
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (directory is not null && directory.GetFiles("*.csproj").Length == 0)
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No project directory above {sourceFile}.");
    }

    private static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var after = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', before.Except(after).Select(l => "- " + l).Concat(after.Except(before).Select(l => "+ " + l)));
    }
}
