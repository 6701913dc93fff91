using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlowGate.Routing.Features;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Features;

public sealed class TextTailTests
{
    // Escapes, quotes, control characters, multi-byte UTF-8 and a surrogate pair (the emoji), so that both the
    // escaped and the raw paths split characters at every kind of boundary.
    private static readonly string[] Alphabet = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "中", "😀", "\u2028"];

    [Property(MaxTest = 2_000)]
    public Property TheTail_IsTheEndOfTheDecodedText_ForEveryEncodingAndCapacity()
    {
        var inputs =
            from count in Gen.Choose(0, 6)
            from parts in Gen.ArrayOf(Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(string.Concat), count)
            from capacity in Gen.Choose(1, 24)
            from asciiOnly in Gen.Elements(true, false)
            select (parts, capacity, asciiOnly);

        return Prop.ForAll(Arb.From(inputs), input =>
        {
            // Default escaping writes \uXXXX for everything beyond ASCII; the relaxed one leaves raw UTF-8.
            var options = new JsonSerializerOptions { Encoder = input.asciiOnly ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using var tail = new TextTail(input.capacity);
            foreach (var part in input.parts)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(part, options);
                var reader = new Utf8JsonReader(json);
                reader.Read();
                tail.AppendJsonString(reader.ValueSpan, reader.ValueIsEscaped);
            }

            return tail.ToString() == Expected(string.Concat(input.parts), input.capacity);
        });
    }

    [Fact]
    public void AHugeText_KeepsItsEnd_WithoutACopyOfItself()
    {
        var text = new string('x', 8 * 1024 * 1024) + "the end";
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var tail = new TextTail(4096);
        var before = GC.GetAllocatedBytesForCurrentThread();
        tail.AppendUtf8(utf8);
        var result = tail.ToString();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(text[^4096..], result);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for a 4,096-character tail");
    }

    private static string Expected(string text, int capacity)
    {
        var start = Math.Max(0, text.Length - capacity);
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        return text[start..];
    }
}
