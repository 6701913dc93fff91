using System.Reflection;
using PublicApiGenerator;
using Xunit;

namespace FlowGate.TestUtils;

/// <summary>
/// Compares an assembly's public API, as PublicApiGenerator prints it (signatures, nullability annotations,
/// attributes, assembly attributes), with the approved <c>PublicApi/&lt;Assembly&gt;.approved.txt</c> of the calling
/// test project. Any difference fails. To approve a deliberate change, run <c>scripts/approve-public-api.sh</c>
/// (or the tests with <c>FLOWGATE_ACCEPT_API=1</c>), review the rewritten file's diff and commit it.
/// </summary>
public static class PublicApiSnapshot
{
    public const string AcceptVariable = "FLOWGATE_ACCEPT_API";

    public static void Verify(Assembly assembly, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        var assemblyName = assembly.GetName().Name!;
        var fileName = assemblyName + ".approved.txt";
        var actual = Render(assembly);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            // Only a local run writes: a CI build maps source paths to /_/ (deterministic builds).
            var sourcePath = Path.Combine(ProjectDirectory(callerFile), "PublicApi", fileName);
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
            return;
        }

        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi", fileName);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(
            approved == actual,
            $"The public API of {assemblyName} changed. Review the difference below; if it is intended, run " +
            $"scripts/approve-public-api.sh (or the tests with {AcceptVariable}=1) and commit PublicApi/{fileName}.\n" +
            LineDiff.Render(approved, actual));
    }

    /// <summary>The generator's text with "\n" line ends, so the approved files compare equal on every OS.</summary>
    public static string Render(Assembly assembly) => Normalize(assembly.GeneratePublicApi(Options()));

    /// <summary>The same rendering for chosen types only (used to prove what a snapshot catches).</summary>
    public static string Render(params Type[] types) => Normalize(types.GeneratePublicApi(Options()));

    private static ApiGeneratorOptions Options() => new()
    {
        IncludeAssemblyAttributes = true,
        // A record that becomes a class (or back) changes equality and deconstruction: show records as records.
        TreatRecordsAsClasses = false,
        // The generator hides System.* and Microsoft.* namespaces by default, which would drop the extension
        // classes a library puts there on purpose (AddFlowGate, MapFlowGate): show every namespace.
        DenyNamespacePrefixes = [],
    };

    private static string Normalize(string api) => api.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string ProjectDirectory(string sourceFile)
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (directory is not null && directory.GetFiles("*.csproj").Length == 0)
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No project directory above {sourceFile}.");
    }
}
