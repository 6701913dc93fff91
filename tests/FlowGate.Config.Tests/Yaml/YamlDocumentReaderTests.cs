using FlowGate.Config.Documents;
using FlowGate.Config.Yaml;

namespace FlowGate.Config.Tests.Yaml;

public sealed class YamlDocumentReaderTests
{
    private static ConfigTable Parse(string text) => YamlDocumentReader.Parse(text, "f.yaml");

    private static ConfigScalar Scalar(string value)
    {
        var root = Parse("k: " + value + "\n");
        return Assert.IsType<ConfigScalar>(root["k"]);
    }

    private static string SyntaxError(string text) => Assert.Throws<ConfigSyntaxException>(() => Parse(text)).Message;

    [Theory]
    [InlineData("null", ScalarKind.Null, null)]
    [InlineData("~", ScalarKind.Null, null)]
    [InlineData("", ScalarKind.Null, null)]
    [InlineData("true", ScalarKind.Boolean, true)]
    [InlineData("FALSE", ScalarKind.Boolean, false)]
    [InlineData("tRuE", ScalarKind.Boolean, true)]
    [InlineData("42", ScalarKind.Integer, 42L)]
    [InlineData("-7", ScalarKind.Integer, -7L)]
    [InlineData("0x1F", ScalarKind.Integer, 31L)]
    [InlineData("0o17", ScalarKind.Integer, 15L)]
    [InlineData("1.5", ScalarKind.Float, 1.5)]
    [InlineData("1e3", ScalarKind.Float, 1000.0)]
    [InlineData(".inf", ScalarKind.Float, double.PositiveInfinity)]
    [InlineData("-.Inf", ScalarKind.Float, double.NegativeInfinity)]
    [InlineData("yes", ScalarKind.String, "yes")]
    [InlineData("0x", ScalarKind.String, "0x")]
    [InlineData("1.2.3", ScalarKind.String, "1.2.3")]
    [InlineData("'42'", ScalarKind.String, "42")]
    [InlineData("\"true\"", ScalarKind.String, "true")]
    [InlineData("!!str 12", ScalarKind.String, "12")]
    [InlineData("openai/gpt-5.2", ScalarKind.String, "openai/gpt-5.2")]
    public void Scalars_AreTypedByTheCoreSchema(string text, ScalarKind kind, object? value)
    {
        var scalar = Scalar(text);
        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, scalar.Value);
    }

    [Fact]
    public void Nan_IsAFloat() => Assert.True(double.IsNaN((double)Scalar(".nan").Value!));

    [Fact]
    public void Positions_AreOneBasedLineAndColumn()
    {
        var root = Parse("a:\n  b: [1, 2]\n  c: {d: x}\n");
        var a = Assert.IsType<ConfigTable>(root["a"]);
        Assert.True(a.TryGetEntry("b", out var b));
        Assert.Equal(new SourcePosition("f.yaml", 2, 3), b.KeyPosition);
        Assert.Equal(new SourcePosition("f.yaml", 2, 6), b.Value.Position);
        var items = Assert.IsType<ConfigArray>(b.Value).Items;
        Assert.Equal(new SourcePosition("f.yaml", 2, 10), items[1].Position);
        Assert.Equal(new SourcePosition("f.yaml", 3, 10), Assert.IsType<ConfigTable>(a["c"])["d"]!.Position);
    }

    [Fact]
    public void Json_ParsesAsYaml()
    {
        var root = Parse("{\"a\": {\"b\": [1, \"2\", true, null]}}");
        var items = Assert.IsType<ConfigArray>(Assert.IsType<ConfigTable>(root["a"])["b"]).Items;
        Assert.Equal([ScalarKind.Integer, ScalarKind.String, ScalarKind.Boolean, ScalarKind.Null], items.Select(i => ((ConfigScalar)i).Kind));
    }

    [Fact]
    public void EmptyDocument_IsAnEmptyTable()
    {
        Assert.Equal(0, Parse(string.Empty).Count);
        Assert.Equal(0, Parse("# only a comment\n").Count);
        Assert.Equal(0, Parse("---\n").Count);
    }

    [Fact]
    public void DuplicateKey_NamesBothPositions() =>
        Assert.Equal("f.yaml:3:1: duplicate key 'a' (first defined at f.yaml:1:1).", SyntaxError("a: 1\nb: 2\na: 3\n"));

    [Fact]
    public void DuplicateKey_InFlowMapping() =>
        Assert.Equal("f.yaml:1:8: duplicate key 'a' (first defined at f.yaml:1:2).", SyntaxError("{a: 1, \"a\": 2}"));

    [Fact]
    public void NonScalarKey_IsAnError() =>
        Assert.StartsWith("f.yaml:1:3: a mapping key must be", SyntaxError("? [a, b]\n: 1\n"));

    [Fact]
    public void MultipleDocuments_AreAnError() =>
        Assert.Equal("f.yaml:2:1: the file holds more than one YAML document; put everything in one.", SyntaxError("a: 1\n---\nb: 2\n"));

    [Fact]
    public void TopLevelSequence_IsAnError() =>
        Assert.Equal("f.yaml:1:1: the top level must be a mapping, not an array.", SyntaxError("- a\n- b\n"));

    [Fact]
    public void SyntaxError_HasPositionAndCleanMessage()
    {
        var message = SyntaxError("a: [1, 2\nb: 3\n");
        Assert.Matches(@"^f\.yaml:\d+:\d+: [a-z]", message);
        Assert.DoesNotContain("Idx:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadIndentation_IsAnErrorWithPosition()
    {
        var message = SyntaxError("a:\n  b: 1\n c: 2\n");
        Assert.Matches(@"^f\.yaml:3:\d+: ", message);
    }

    [Fact]
    public void TabIndentation_IsAnErrorWithPosition()
    {
        Assert.Equal("f.yaml:2:1: a tab is used for indentation; YAML indents with spaces only.", SyntaxError("a:\n\tb: 1\n"));
    }

    [Fact]
    public void Aliases_AreResolved()
    {
        var root = Parse("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n");
        Assert.Same(root["base"], root["use"]);
        var merged = Assert.IsType<ConfigTable>(root["merged"]);
        Assert.Equal(["y", "x"], merged.Keys);
    }

    [Fact]
    public void MergeKey_ExplicitKeysWin()
    {
        var merged = Assert.IsType<ConfigTable>(Parse("b: &b {x: 1}\nm: {<<: *b, x: 2}\n")["m"]);
        Assert.Equal(2L, ((ConfigScalar)merged["x"]!).Value);
    }

    [Fact]
    public void UnknownAlias_IsAnError() =>
        Assert.Equal("f.yaml:1:4: alias '*nope' refers to no anchor defined before it.", SyntaxError("a: *nope\n"));

    [Fact]
    public void BillionLaughs_IsBounded()
    {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 8; i++)
        {
            var prev = (char)('a' + i);
            var next = (char)('b' + i);
            text += $"{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n";
        }

        Assert.Contains("expands to more than 100000 values", SyntaxError(text), StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsBounded() =>
        Assert.Contains("nests deeper than", SyntaxError("a: " + new string('[', 500) + new string(']', 500)), StringComparison.Ordinal);

    [Fact]
    public void UnknownTag_IsAnError() =>
        Assert.Equal("f.yaml:1:4: YAML tag '!secret' is not supported.", SyntaxError("a: !secret x\n"));

    [Fact]
    public void HexOverflow_IsAnError() =>
        Assert.Equal("f.yaml:1:4: integer '0xFFFFFFFFFFFFFFFFFF' is out of range.", SyntaxError("a: 0xFFFFFFFFFFFFFFFFFF\n"));

    [Fact]
    public void HugeDecimal_IsAFloat() => Assert.Equal(ScalarKind.Float, Scalar("123456789012345678901234567890").Kind);
}
