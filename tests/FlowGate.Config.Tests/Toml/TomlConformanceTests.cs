using Xunit.Abstractions;
using System.Text.Json.Nodes;
using FlowGate.Config.Toml;

namespace FlowGate.Config.Tests.Toml;

/// <summary>
/// The official toml-test suite for TOML 1.1 (its <c>files-toml-1.1.0</c> list): every valid file decodes to its expected
/// tagged JSON, compared value by value, and every invalid file is rejected.
/// </summary>
public sealed class TomlConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> ValidCases() => new(TomlTestSuite.Cases.Where(c => c.StartsWith("valid/", StringComparison.Ordinal)));

    public static TheoryData<string> InvalidCases() => new(TomlTestSuite.Cases.Where(c => c.StartsWith("invalid/", StringComparison.Ordinal)));

    [Fact]
    public void Suite_ListsEveryCase()
    {
        var (valid, invalid) = (ValidCases().Count, InvalidCases().Count);
        output.WriteLine($"toml-test files-toml-1.1.0: {valid + invalid} cases ({valid} valid, {invalid} invalid)");

        Assert.Equal((220, 492), (valid, invalid));
        Assert.True(valid + invalid >= 700);
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_ParsesToTheExpectedJson(string path)
    {
        var document = TomlReader.Parse(TomlTestSuite.ReadBytes(path), path);

        var expected = JsonNode.Parse(TomlTestSuite.ReadBytes(Path.ChangeExtension(path, ".json")));
        var difference = TaggedJson.Difference(expected, TaggedJson.ToJson(document));
        Assert.True(difference is null, difference);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_IsRejected(string path)
    {
        var bytes = TomlTestSuite.ReadBytes(path);

        var error = Record.Exception(() => TomlReader.Parse(bytes, path));

        Assert.True(error is ConfigSyntaxException, error is null ? "parsed without an error" : $"threw {error.GetType().Name}: {error}");
    }
}
