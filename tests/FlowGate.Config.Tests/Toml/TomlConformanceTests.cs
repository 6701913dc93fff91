using System.Text.Json.Nodes;
using FlowGate.Config.Toml;

namespace FlowGate.Config.Tests.Toml;

/// <summary>The official toml-test suite for TOML 1.0: every valid file parses to its expected JSON, every invalid file is rejected.</summary>
public sealed class TomlConformanceTests
{
    public static TheoryData<string> ValidCases() => new(TomlTestSuite.Cases.Where(c => c.StartsWith("valid/", StringComparison.Ordinal)));

    public static TheoryData<string> InvalidCases() => new(TomlTestSuite.Cases.Where(c => c.StartsWith("invalid/", StringComparison.Ordinal)));

    [Fact]
    public void Suite_ListsEveryCase() =>
        Assert.Equal((210, 499), (ValidCases().Count, InvalidCases().Count));

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
