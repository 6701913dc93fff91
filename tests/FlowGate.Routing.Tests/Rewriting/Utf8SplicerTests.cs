using System.Text;
using System.Text.Json;
using FlowGate.Routing.Rewriting;

namespace FlowGate.Routing.Tests.Rewriting;

public sealed class Utf8SplicerTests
{
    [Fact]
    public void WriteTo_EditsInAnyOrder_AppliesThemByPosition()
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(6, 9);
        splicer.Append("XYZ"u8);
        splicer.Begin(0, 1);
        splicer.Begin(3, 3);
        splicer.Append((byte)'+');

        Assert.Equal("bc+defXYZi", Apply(splicer, "abcdef ghi"));
    }

    [Fact]
    public void WriteTo_InsertionAtStartOfRemoval_KeepsInsertion()
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(2, 5);
        splicer.Begin(2, 2);
        splicer.Append("new"u8);

        Assert.Equal("abnewf", Apply(splicer, "abcdef"));
    }

    [Fact]
    public void WriteTo_OverlappingEdits_Throws()
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(1, 4);
        splicer.Begin(3, 5);

        Assert.Throws<InvalidOperationException>(() => Apply(splicer, "abcdef"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("q\"b\\s/")]
    [InlineData("\u0000\u001f\n\t\u007f")]
    [InlineData("é 中文 😀")]
    [InlineData("lone \ud800 surrogate")]
    public void AppendString_AnyText_RoundTripsThroughJsonParser(string text)
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(0, 0);
        splicer.AppendString(text);

        var json = Apply(splicer, string.Empty);

        Assert.Equal(text.Replace("\ud800", "\ufffd", StringComparison.Ordinal), JsonSerializer.Deserialize<string>(json));
    }

    [Fact]
    public void AppendNumber_Extremes_WritesInvariantDigits()
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(0, 0);
        splicer.AppendNumber(int.MinValue);
        splicer.Append((byte)' ');
        splicer.AppendNumber(int.MaxValue);

        Assert.Equal("-2147483648 2147483647", Apply(splicer, string.Empty));
    }

    [Fact]
    public void Reset_AfterUse_StartsEmpty()
    {
        var splicer = new Utf8Splicer();
        splicer.Begin(0, 1);
        splicer.Reset();

        Assert.Equal(0, splicer.Count);
        Assert.Equal("abc", Apply(splicer, "abc"));
    }

    private static string Apply(Utf8Splicer splicer, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        var output = new byte[splicer.OutputLength(bytes.Length)];
        splicer.WriteTo(bytes, output);
        return Encoding.UTF8.GetString(output);
    }
}
