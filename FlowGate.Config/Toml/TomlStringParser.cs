using System.Globalization;
using System.Text;

namespace FlowGate.Config.Toml;

/// <summary>
/// Reads TOML's four string forms (basic, literal, and their multi-line variants) from the scanner, including escape
/// sequences and the line-ending backslash; kept apart because strings are also keys.
/// </summary>
internal static class TomlStringParser
{
    /// <summary>Reads a single-line basic string; the scanner is on the opening quote.</summary>
    public static string ReadBasic(TomlScanner scanner)
    {
        scanner.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            var c = scanner.Peek();
            if (scanner.AtEnd || c is '\n' or '\r')
            {
                throw scanner.Error("the string is not closed (expected '\"' before the end of the line)");
            }

            if (c == '"')
            {
                scanner.Advance();
                return builder.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(scanner, builder);
                continue;
            }

            if (TomlScanner.IsControl(c))
            {
                throw scanner.Error($"{TomlScanner.Describe(c)} must be escaped in a string");
            }

            builder.Append(c);
            scanner.Advance();
        }
    }

    /// <summary>Reads a single-line literal string; the scanner is on the opening apostrophe.</summary>
    public static string ReadLiteral(TomlScanner scanner)
    {
        scanner.Advance();
        var start = scanner.Offset;
        while (true)
        {
            var c = scanner.Peek();
            if (scanner.AtEnd || c is '\n' or '\r')
            {
                throw scanner.Error("the literal string is not closed (expected ''' before the end of the line)");
            }

            if (c == '\'')
            {
                var text = scanner.Slice(start, scanner.Offset).ToString();
                scanner.Advance();
                return text;
            }

            if (TomlScanner.IsControl(c))
            {
                throw scanner.Error($"{TomlScanner.Describe(c)} is not allowed in a literal string");
            }

            scanner.Advance();
        }
    }

    /// <summary>Reads a multi-line basic or literal string; the scanner is on the first of the three opening quotes.</summary>
    public static string ReadMultiline(TomlScanner scanner, bool literal)
    {
        var quote = literal ? '\'' : '"';
        var opening = scanner.Position;
        scanner.Advance(3);
        if (scanner.AtNewline())
        {
            scanner.TryConsumeNewline();
        }

        var builder = new StringBuilder();
        while (true)
        {
            if (scanner.AtEnd)
            {
                throw new ConfigSyntaxException(opening, $"the multi-line string is not closed (expected {new string(quote, 3)})");
            }

            var c = scanner.Peek();
            if (c == quote)
            {
                var run = 0;
                while (scanner.Peek(run) == quote)
                {
                    run++;
                }

                if (run < 3)
                {
                    builder.Append(quote, run);
                    scanner.Advance(run);
                    continue;
                }

                if (run > 5)
                {
                    throw scanner.Error($"a multi-line string may end with at most two {quote} before its closing {new string(quote, 3)}");
                }

                builder.Append(quote, run - 3);
                scanner.Advance(run);
                return builder.ToString();
            }

            if (c is '\n' or '\r')
            {
                // Line breaks are normalised to LF (AtNewline rejects a bare CR).
                scanner.TryConsumeNewline();
                builder.Append('\n');
                continue;
            }

            if (c == '\\' && !literal)
            {
                if (TrySkipLineEndingBackslash(scanner))
                {
                    continue;
                }

                ReadEscape(scanner, builder);
                continue;
            }

            if (TomlScanner.IsControl(c))
            {
                throw scanner.Error($"{TomlScanner.Describe(c)} is not allowed in a multi-line string" + (literal ? string.Empty : " (escape it)"));
            }

            builder.Append(c);
            scanner.Advance();
        }
    }

    // A backslash that is the last thing on its line (trailing whitespace allowed) swallows the line break and all
    // whitespace and line breaks after it.
    private static bool TrySkipLineEndingBackslash(TomlScanner scanner)
    {
        var ahead = 1;
        while (scanner.Peek(ahead) is ' ' or '\t')
        {
            ahead++;
        }

        var next = scanner.Peek(ahead);
        if (next != '\n' && !(next == '\r' && scanner.Peek(ahead + 1) == '\n'))
        {
            return false;
        }

        scanner.Advance(ahead);
        while (true)
        {
            scanner.SkipWhitespace();
            if (!scanner.TryConsumeNewline())
            {
                return true;
            }
        }
    }

    private static void ReadEscape(TomlScanner scanner, StringBuilder builder)
    {
        var at = scanner.Position;
        scanner.Advance();
        var c = scanner.Peek();
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 't': builder.Append('\t'); break;
            case 'n': builder.Append('\n'); break;
            case 'f': builder.Append('\f'); break;
            case 'r': builder.Append('\r'); break;
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case 'u':
            case 'U':
                scanner.Advance();
                ReadUnicodeEscape(scanner, builder, c == 'u' ? 4 : 8, c, at);
                return;
            default:
                var shown = scanner.AtEnd || c is '\n' or '\r' ? "\\" : TomlScanner.IsControl(c) || char.IsSurrogate(c) ? $"\\ followed by U+{(int)c:X4}" : "\\" + c;
                throw new ConfigSyntaxException(at, $"invalid escape '{shown}' in string (TOML allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
        }

        scanner.Advance();
    }

    private static void ReadUnicodeEscape(TomlScanner scanner, StringBuilder builder, int digits, char letter, Documents.SourcePosition at)
    {
        var value = 0L;
        for (var i = 0; i < digits; i++)
        {
            var d = HexValue(scanner.Peek());
            if (d < 0)
            {
                throw new ConfigSyntaxException(at, $"the escape '\\{letter}' needs exactly {digits} hexadecimal digits");
            }

            value = (value * 16) + d;
            scanner.Advance();
        }

        if (value is (>= 0xD800 and <= 0xDFFF) or > 0x10FFFF)
        {
            var hex = value.ToString(digits == 4 ? "X4" : "X8", CultureInfo.InvariantCulture);
            throw new ConfigSyntaxException(at, $"the escape '\\{letter}{hex}' is not a Unicode scalar value");
        }

        builder.Append(char.ConvertFromUtf32((int)value));
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
