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
            "h = 0xff\nf = 6.02e+23\nn = -nan\nb = true\nodt = 1979-05-27 07:32:00.5z\nldt = 1979-05-27t07:32:00\nld = 2024-02-29\nlt = 23:59:60\n",
            File);

        Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse("i = -0x10", File));
        Assert.Equal(255L, Scalar(root, "h").Value);
        Assert.Equal(6.02e23, Scalar(root, "f").Value);
        Assert.True(double.IsNaN((double)Scalar(root, "n").Value!));
        Assert.Equal(true, Scalar(root, "b").Value);
        Assert.Equal((ScalarKind.OffsetDateTime, "1979-05-27T07:32:00.5Z"), (Scalar(root, "odt").Kind, Scalar(root, "odt").Value));
        Assert.Equal((ScalarKind.LocalDateTime, "1979-05-27T07:32:00"), (Scalar(root, "ldt").Kind, Scalar(root, "ldt").Value));
        Assert.Equal((ScalarKind.LocalDate, "2024-02-29"), (Scalar(root, "ld").Kind, Scalar(root, "ld").Value));
        Assert.Equal((ScalarKind.LocalTime, "23:59:60"), (Scalar(root, "lt").Kind, Scalar(root, "lt").Value));
    }

    [Theory]
    [InlineData("port 8080\n", 1, 6, "expected '=' after key 'port', found '8'")]
    [InlineData("[global]\na = 1\n\n[global]\n", 4, 1, "table 'global' is defined twice (first at 1:1)")]
    [InlineData("[a.b]\n[a]\n[a.b]\n", 3, 1, "table 'a.b' is defined twice (first at 1:1)")]
    [InlineData("port = 1\nport = 2\n", 2, 1, "key 'port' is defined twice (first at 1:1)")]
    [InlineData("[server]\nport = 1\nport = 2\n", 3, 1, "key 'server.port' is defined twice (first at 2:1)")]
    [InlineData("a = [{ b = 1, b = 2 }]\n", 1, 15, "key 'a[0].b' is defined twice (first at 1:8)")]
    [InlineData("s = \"a\\qb\"\n", 1, 7, "invalid escape '\\q' in string (TOML allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")]
    [InlineData("name = value\n", 1, 8, "expected a value after '=' of key 'name', found 'v' (strings must be quoted)")]
    [InlineData("x = 1 2\n", 1, 7, "unexpected '2' after the value of 'x'; expected the end of the line")]
    [InlineData("s = \"open\nt = 1\n", 1, 10, "the string is not closed (expected '\"' before the end of the line)")]
    [InlineData("n = 9223372036854775808\n", 1, 5, "the integer '9223372036854775808' is out of range for a 64-bit signed integer")]
    [InlineData("n = 012\n", 1, 5, "invalid integer '012': leading zeros are not allowed")]
    [InlineData("d = 2023-02-29\n", 1, 5, "invalid date/time '2023-02-29': day 29 does not exist in 2023-02")]
    [InlineData("t = { a = 1, }\n", 1, 14, "a trailing comma is not allowed in an inline table")]
    [InlineData("t = { a = 1\n", 1, 12, "expected ',' or '}' in the inline table, found the end of the line (an inline table must be on one line, without comments)")]
    [InlineData("t = { a = 1,\n  b = 2 }\n", 1, 13, "expected a key in the inline table, found the end of the line (an inline table must be on one line, without comments)")]
    [InlineData("[server\nport = 1\n", 1, 8, "expected ']' after the table name 'server', found the end of the line")]
    [InlineData("[a!b]\n", 1, 3, "expected ']' after the table name 'a', found '!'")]
    [InlineData("= 1\n", 1, 1, "expected a key, found '=' (bare keys may contain only A-Z a-z 0-9 _ -)")]
    [InlineData("t = 07:32\n", 1, 5, "invalid date/time '07:32': the seconds are missing (TOML 1.0 times are HH:MM:SS)")]
    [InlineData("a = [1, 2\n", 1, 5, "the array is not closed (expected ']')")]
    [InlineData("t = { a = 1 }\nt.b = 2\n", 2, 1, "cannot add keys to 't': it is an inline table (at 1:5), complete once written")]
    [InlineData("[a.b]\n[a]\nb.c = 1\n", 3, 1, "cannot add keys to table 'a.b' with dotted keys: it is defined by the header at 1:1")]
    [InlineData("fruit = []\n[[fruit]]\n", 2, 1, "cannot append to 'fruit' with [[fruit]]: it is an array value (at 1:1), not an array of tables")]
    [InlineData("a = 1 # bell \u0007\n", 1, 14, "character U+0007 is not allowed in a comment")]
    [InlineData("a = 1\rb = 2\n", 1, 6, "a carriage return must be followed by a line feed (bare CR is not a line break in TOML)")]
    public void Parse_CommonMistake_ReportsWhereAndWhy(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<ConfigSyntaxException>(() => TomlReader.Parse(text, File));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(new SourcePosition(File, line, column), error.Position);
        Assert.Equal($"{File}:{line}:{column}: {reason}", error.Message);
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
        var depth = TomlValueParser.MaxDepth;
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
        foreach (var depth in new[] { TomlValueParser.MaxDepth + 1, 100_000 })
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
