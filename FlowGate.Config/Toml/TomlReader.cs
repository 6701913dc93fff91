using System.Buffers;
using System.Text.Unicode;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// Reads TOML 1.0 documents into <see cref="ConfigTable"/> trees whose every node and key knows where it was written.
/// Any input that is not a valid TOML 1.0 document, whatever it contains, fails with a <see cref="ConfigSyntaxException"/>
/// that gives the line, the column and the reason.
/// </summary>
/// <remarks>
/// Integers are <see cref="long"/>, floats <see cref="double"/>; date/time values keep their text as written, with the
/// date/time separator as <c>T</c> and <c>T</c>/<c>Z</c> in upper case. Line breaks inside multi-line strings are
/// returned as <c>\n</c> whether the file uses LF or CRLF. Arrays and inline tables may nest up to 128 deep.
/// </remarks>
public static class TomlReader
{
    /// <summary>Parses a TOML document.</summary>
    /// <param name="text">The document; a leading byte order mark is ignored.</param>
    /// <param name="file">The file's name for positions and messages.</param>
    /// <returns>The root table.</returns>
    /// <exception cref="ConfigSyntaxException">The text is not a valid TOML 1.0 document.</exception>
    public static ConfigTable Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var unpaired = FindUnpairedSurrogate(text);
        if (unpaired >= 0)
        {
            throw new ConfigSyntaxException(PositionOf(text, file, start, unpaired), "the text contains an unpaired UTF-16 surrogate (not valid Unicode)");
        }

        return new TomlDocumentParser(new TomlScanner(text, file, start)).Parse();
    }

    /// <summary>Parses a TOML document from its UTF-8 bytes.</summary>
    /// <param name="utf8">The document's bytes; a leading UTF-8 byte order mark is ignored.</param>
    /// <param name="file">The file's name for positions and messages.</param>
    /// <returns>The root table.</returns>
    /// <exception cref="ConfigSyntaxException">The bytes are not valid UTF-8, or not a valid TOML 1.0 document.</exception>
    public static ConfigTable Parse(ReadOnlySpan<byte> utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            var text = new string(buffer, 0, charsWritten);
            if (status != OperationStatus.Done)
            {
                var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
                var position = PositionOf(text, file, start, text.Length);
                throw new ConfigSyntaxException(position, $"the file is not valid UTF-8 (invalid byte 0x{utf8[bytesRead]:X2})");
            }

            return Parse(text, file);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int FindUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static SourcePosition PositionOf(string text, string file, int start, int offset)
    {
        var scanner = new TomlScanner(text, file, start);
        while (scanner.Offset < offset)
        {
            scanner.Advance();
        }

        return scanner.Position;
    }
}
