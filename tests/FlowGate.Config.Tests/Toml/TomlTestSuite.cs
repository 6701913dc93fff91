namespace FlowGate.Config.Tests.Toml;

/// <summary>The vendored toml-test files (tests/FlowGate.Config.Tests/Toml/TestData/toml-test, MIT) and their list.</summary>
internal static class TomlTestSuite
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Toml", "TestData", "toml-test");

    /// <summary>Gets the relative paths of the TOML 1.1 cases (the .toml files; valid ones have a .json beside them).</summary>
    public static IReadOnlyList<string> Cases { get; } = File.ReadAllLines(Path.Combine(Root, "files-toml-1.1.0"))
        .Select(line => line.Trim())
        .Where(line => line.EndsWith(".toml", StringComparison.Ordinal))
        .ToList();

    public static byte[] ReadBytes(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));
}
