using System.Text;
using FlowGate.Config.Documents;
using FlowGate.Config.Toml;

namespace FlowGate.Config.Tests.Toml;

public sealed class TomlReaderTests
{
    private const string File = "providers.toml";

    [Fact]
    public void Parse_KeyAndValue_CarryTheirPositions()
    {
        var root = TomlReader.Parse("# providers\nport = 8080\n", File);

        var entry = Entry(root, "port");
        Assert.Equal(new SourcePosition(File, 2, 1), entry.KeyPosition);
        Assert.Equal(new SourcePosition(File, 2, 8), entry.Value.Position);
        Assert.Equal(8080L, ((ConfigScalar)entry.Value).Value);
    }

    [Fact]
    public void Parse_TableUnderHeader_CarriesHeaderAndValuePositions()
    {
        var root = TomlReader.Parse("title = \"x\"\n\n[server.http]\n  host = \"localhost\"\n", File);

        var server = (ConfigTable)Entry(root, "server").Value;
        var http = Entry(server, "http");
        Assert.Equal(new SourcePosition(File, 3, 9), http.KeyPosition);
        Assert.Equal(new SourcePosition(File, 3, 1), http.Value.Position);
        var host = Entry((ConfigTable)http.Value, "host");
        Assert.Equal(new SourcePosition(File, 4, 3), host.KeyPosition);
        Assert.Equal(new SourcePosition(File, 4, 10), host.Value.Position);
    }

    [Fact]
    public void Parse_DottedKeysArrayItemsAndArraysOfTables_CarryPositions()
    {
        var root = TomlReader.Parse("a.b.c = 1\nlist = [\n  1,\n  { x = 2 },\n]\n[[item]]\n[[item]]\n", File);

        var a = Entry(root, "a");
        Assert.Equal(new SourcePosition(File, 1, 1), a.Value.Position);
        var c = Entry((ConfigTable)Entry((ConfigTable)a.Value, "b").Value, "c");
        Assert.Equal(new SourcePosition(File, 1, 5), c.KeyPosition);
        Assert.Equal(new SourcePosition(File, 1, 9), c.Value.Position);
        var list = (ConfigArray)Entry(root, "list").Value;
        Assert.Equal(new SourcePosition(File, 2, 8), list.Position);
        Assert.Equal(new SourcePosition(File, 3, 3), list.Items[0].Position);
        Assert.Equal(new SourcePosition(File, 4, 3), list.Items[1].Position);
        Assert.Equal(new SourcePosition(File, 4, 9), Entry((ConfigTable)list.Items[1], "x").Value.Position);
        var items = (ConfigArray)Entry(root, "item").Value;
        Assert.Equal([6, 7], items.Items.Select(i => i.Position.Line));
    }

    [Fact]
    public void Parse_AfterCrlfAndMultilineStrings_CountsLines()
    {
        var root = TomlReader.Parse("a = 1\r\ns = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = 2\r\n", File);

        Assert.Equal("one\ntwo", ((ConfigScalar)Entry(root, "s").Value).Value);
        var b = Entry(root, "b");
        Assert.Equal(new SourcePosition(File, 5, 1), b.KeyPosition);
        Assert.Equal(new SourcePosition(File, 5, 5), b.Value.Position);
    }

    [Fact]
    public void Parse_AfterMultiByteCharacters_CountsColumnsInCharacters()
    {
        // 'é' is two UTF-8 bytes and one UTF-16 unit; '😀' is four bytes and two UTF-16 units: each is one column.
        var text = "a = { \"é😀\" = 1, b = 2 }\n";

        foreach (var root in new[] { TomlReader.Parse(text, File), TomlReader.Parse(Encoding.UTF8.GetBytes(text), File) })
        {
            var b = Entry((ConfigTable)Entry(root, "a").Value, "b");
            Assert.Equal(new SourcePosition(File, 1, 17), b.KeyPosition);
            Assert.Equal(new SourcePosition(File, 1, 21), b.Value.Position);
        }
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnoredAndNotCounted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("k = 1")).ToArray();

        var entry = Entry(TomlReader.Parse(bytes, File), "k");

        Assert.Equal(new SourcePosition(File, 1, 1), entry.KeyPosition);
    }

    [Fact]
    public void Parse_Values_HaveTheirKindsAndCanonicalText()
    {
        var root = TomlReader.Parse(
            "h = 0xff\nf = 6.02e+23\nn = -nan\nb = true\nodt = 1979-05-27 07:32:00.5z\nldt = 1979-05-27t07:32:00\nld = 2024-02-29\nlt = 23:59:59\nshort = 1979-05-27 07:32\n",
            File);

        Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("i = -0x10", File));
        Assert.Equal(255L, Scalar(root, "h").Value);
        Assert.Equal(6.02e23, Scalar(root, "f").Value);
        Assert.True(double.IsNaN((double)Scalar(root, "n").Value!));
        Assert.Equal(true, Scalar(root, "b").Value);
        Assert.Equal((ScalarKind.OffsetDateTime, "1979-05-27T07:32:00.5Z"), (Scalar(root, "odt").Kind, Scalar(root, "odt").Value));
        Assert.Equal((ScalarKind.LocalDateTime, "1979-05-27T07:32:00"), (Scalar(root, "ldt").Kind, Scalar(root, "ldt").Value));
        Assert.Equal((ScalarKind.LocalDate, "2024-02-29"), (Scalar(root, "ld").Kind, Scalar(root, "ld").Value));
        Assert.Equal((ScalarKind.LocalTime, "23:59:59"), (Scalar(root, "lt").Kind, Scalar(root, "lt").Value));
        Assert.Equal((ScalarKind.LocalDateTime, "1979-05-27T07:32:00"), (Scalar(root, "short").Kind, Scalar(root, "short").Value));
    }

    [Theory]
    [InlineData("port 8080\n", 1, 6, "Expecting `=` after a key instead of 8080")]
    [InlineData("[global]\na = 1\n\n[global]\n", 4, 1, "The key `global` is already defined at (1,1) and cannot be redefined")]
    [InlineData("[a.b]\n[a]\n[a.b]\n", 3, 1, "The key `a.b` is already defined at (1,1) and cannot be redefined")]
    [InlineData("port = 1\nport = 2\n", 2, 1, "The key `port` is already defined at (1,1) and cannot be redefined")]
    [InlineData("[server]\nport = 1\nport = 2\n", 3, 1, "The key `server.port` is already defined at (2,1) and cannot be redefined")]
    [InlineData("a = [{ b = 1, b = 2 }]\n", 1, 15, "The key `a.[0].b` is already defined at (1,8) and cannot be redefined")]
    [InlineData("s = \"a\\qb\"\n", 1, 8, "Unexpected escape character [q] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("name = value\n", 1, 8, "expected a value (strings must be quoted)")]
    [InlineData("x = 1 2\n", 1, 7, "Unexpected token found `2` (token: `integer`) while expecting token `newline`")]
    [InlineData("s = \"open\nt = 1\n", 1, 10, "Invalid newline in a string")]
    [InlineData("n = 9223372036854775808\n", 1, 5, "Unable to parse integer `9223372036854775808`")]
    [InlineData("n = 012\n", 1, 5, "Unexpected leading zero (`0`) for integer `012`")]
    [InlineData("d = 2023-02-29\n", 1, 5, "Unable to parse the date time/offset `2023-02-29`")]
    [InlineData("t = { a = 1\n", 2, 1, "Unexpected token `Eof` while parsing inline table. Expecting a bare key or string instead of `<eof>`")]
    [InlineData("[server\nport = 1\n", 1, 8, "Unexpected token found `\u2424` (token: `newline`) while expecting `]` (token: `closebracket`)")]
    [InlineData("[a!b]\n", 1, 3, "Unexpected token found `!` while expecting `]` (token: `closebracket`)")]
    [InlineData("= 1\n", 1, 1, "Unexpected token [=] found")]
    [InlineData("a = [1, 2\n", 2, 1, "Unexpected token `<eof>` (token: `Eof`). Expecting a closing `]` for an array")]
    [InlineData("t = { a = 1 }\nt.b = 2\n", 2, 1, "The key `t` is already defined at (1,1) and cannot be redefined")]
    [InlineData("[a.b]\n[a]\nb.c = 1\n", 3, 1, "The key `a.b` is already defined at (1,1) and cannot be redefined")]
    [InlineData("fruit = []\n[[fruit]]\n", 2, 1, "The key `fruit` is already defined at (1,1) and cannot be redefined")]
    [InlineData("a = 1 # bell \u0007\n", 1, 14, "Invalid control character U+0007 in comment")]
    [InlineData("a = 1\rb = 2\n", 1, 6, "Invalid \\r not followed by \\n")]
    [InlineData("k = \"\\U0000D800\"\n", 1, 7, "Invalid Unicode scalar value [D800]")]
    public void Parse_CommonMistake_ReportsWhereAndWhy(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse(text, File));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(new SourcePosition(File, line, column), error.Position);
        Assert.Equal($"{File}:{line}:{column}: {reason}", error.Message);
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsEveryOneWithItsPosition()
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("a = 1\nname = value\nb = 2\nn = 012\n", File));

        Assert.Equal(["providers.toml:2:8: expected a value (strings must be quoted)", "providers.toml:4:5: Unexpected leading zero (`0`) for integer `012`"], error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_DuplicateKey_DoesNotQuoteTheFirstValue()
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("api_key = \"sk-secret-1\"\napi_key = \"sk-secret-2\"\n", File));

        Assert.DoesNotContain("sk-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition(File, 2, 1), error.Position);
    }

    [Fact]
    public void Parse_Toml11InlineTableAcrossLinesWithTrailingComma_Parses()
    {
        var root = TomlReader.Parse("t = {\n  a = 1, # first\n  b = \"\\e\\x41\",\n}\n", File);

        var t = Assert.IsType<ConfigTable>(root["t"]);
        Assert.Equal(1L, Scalar(t, "a").Value);
        Assert.Equal("\u001bA", Scalar(t, "b").Value);
        Assert.Equal(new SourcePosition(File, 3, 3), Entry(t, "b").KeyPosition);
    }

    [Theory]
    [InlineData("\"\\uD800\" = 1\n")]
    [InlineData("\"\\U0000DFFF\" = 1\n")]
    public void Parse_QuotedKeyNamingASurrogate_IsASyntaxError(string text)
    {
        // Regression: Tomlyn 2.11 throws ArgumentOutOfRangeException here; found by the mutation fuzz test.
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse(text, File));

        Assert.Equal(1, error.Position?.Line);
    }

    [Fact]
    public void Parse_TwoByteOrderMarks_IsRejected()
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("\uFEFF\uFEFFa = 1\n", File));

        Assert.Equal(new SourcePosition(File, 1, 1), error.Position);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsTheByteAndItsPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("a = 1\nb = \"é").Append((byte)0xC3).Concat("\"\n"u8.ToArray()).ToArray();

        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse(bytes, File));

        Assert.Equal(new SourcePosition(File, 2, 7), error.Position);
        Assert.Equal("the file is not valid UTF-8 (invalid byte 0xC3)", error.Reason);
    }

    [Fact]
    public void Parse_UnpairedSurrogateInText_IsRejected()
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("a = \"\ud800\"", File));

        Assert.Equal(new SourcePosition(File, 1, 6), error.Position);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_Parses()
    {
        var depth = TomlReader.MaxDepth;
        var arrays = TomlReader.Parse("a = " + new string('[', depth) + new string(']', depth), File);
        var tables = TomlReader.Parse("t = " + string.Concat(Enumerable.Repeat("{ x = ", depth - 1)) + "{}" + new string('}', depth - 1), File);

        Assert.IsType<ConfigArray>(arrays["a"]);
        Assert.IsType<ConfigTable>(tables["t"]);
    }

    [Theory]
    [InlineData("a = ", "[", "]")]
    [InlineData("a = ", "{ x = ", "}")]
    [InlineData("a = ", "[{ x = ", "}]")]
    public void Parse_NestingPastTheLimit_FailsWithoutOverflowingTheStack(string prefix, string open, string close)
    {
        foreach (var depth in new[] { TomlReader.MaxDepth + 1, 100_000 })
        {
            var text = prefix + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth));

            var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse(text, File));

            Assert.Contains("nested too deeply", error.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_LongDottedKeysAndHeaders_DoNotRecurse()
    {
        var key = string.Join('.', Enumerable.Repeat("k", 50_000));

        var root = TomlReader.Parse($"t = {{ {key}.a = 1, {key}.b = 2 }}\n[{key}]\n[[x.{key}]]\n[[x.{key}]]\n", File);

        Assert.Equal(3, root.Count);
    }

    private static ConfigEntry Entry(ConfigTable table, string key)
    {
        Assert.True(table.TryGetEntry(key, out var entry), $"no key '{key}'");
        return entry;
    }

    private static ConfigScalar Scalar(ConfigTable table, string key) => Assert.IsType<ConfigScalar>(Entry(table, key).Value);
}
