namespace FlowGate.Xgate.Integration;

internal enum TomlLineKind
{
    Blank,
    Comment,
    Header,
    KeyValue,
    Continuation,
}

/// <summary>One physical line of a TOML file: what starts on it, its key or table header.</summary>
internal sealed record TomlLine(TomlLineKind Kind, string? Key, string[]? HeaderParts, bool IsArrayTable);

/// <summary>
/// A small line classifier for TOML, enough to edit a few keys in place: it knows table headers, <c>key = value</c>
/// lines, and which lines continue a multi-line array, inline table or multi-line string, so a <c>[</c> inside those
/// is not taken for a header.
/// </summary>
internal static class TomlLines
{
    public static List<TomlLine> Classify(IReadOnlyList<string> lines)
    {
        var result = new List<TomlLine>(lines.Count);
        var depth = 0;
        string? openString = null;
        foreach (var line in lines)
        {
            if (openString is not null || depth > 0)
            {
                Scan(line, 0, ref depth, ref openString);
                result.Add(new TomlLine(TomlLineKind.Continuation, null, null, false));
                continue;
            }

            var trimmed = line.TrimStart();
            if (trimmed.Length == 0)
            {
                result.Add(new TomlLine(TomlLineKind.Blank, null, null, false));
            }
            else if (trimmed[0] == '#')
            {
                result.Add(new TomlLine(TomlLineKind.Comment, null, null, false));
            }
            else if (trimmed[0] == '[')
            {
                var array = trimmed.StartsWith("[[", StringComparison.Ordinal);
                var inner = trimmed[(array ? 2 : 1)..];
                var close = CloseOfHeader(inner);
                var parts = close < 0 ? [] : SplitKey(inner[..close]);
                result.Add(new TomlLine(TomlLineKind.Header, null, parts, array));
            }
            else
            {
                var equals = EqualsOfKey(line);
                var key = equals < 0 ? null : SplitKey(line[..equals]) is [var single] ? single : string.Join('.', SplitKey(line[..equals]));
                if (equals >= 0)
                {
                    Scan(line, equals + 1, ref depth, ref openString);
                }

                result.Add(new TomlLine(TomlLineKind.KeyValue, key, null, false));
            }
        }

        return result;
    }

    /// <summary>Replaces the value of a one-line <c>key = value</c>, keeping the key as written and an end-of-line comment.</summary>
    public static string ReplaceValue(string line, string value)
    {
        var equals = EqualsOfKey(line);
        var start = equals + 1;
        while (start < line.Length && line[start] is ' ' or '\t')
        {
            start++;
        }

        var comment = CommentStart(line, start);
        var tail = string.Empty;
        if (comment >= 0)
        {
            var gapStart = comment;
            while (gapStart > start && line[gapStart - 1] is ' ' or '\t')
            {
                gapStart--;
            }

            tail = line[gapStart..];
        }

        return line[..start] + value + tail;
    }

    private static int CloseOfHeader(string inner)
    {
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] is '"' or '\'')
            {
                i = SkipString(inner, i);
            }
            else if (inner[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits a (dotted, possibly quoted) key into its parts, unquoted.</summary>
    private static string[] SplitKey(string key)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '"' or '\'')
            {
                var end = SkipString(key, i);
                current.Append(key, i + 1, Math.Max(0, end - i - 1));
                i = end;
            }
            else if (c == '.')
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString().Trim());
        return [.. parts];
    }

    private static int EqualsOfKey(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is '"' or '\'')
            {
                i = SkipString(line, i);
            }
            else if (line[i] == '=')
            {
                return i;
            }
            else if (line[i] == '#')
            {
                return -1;
            }
        }

        return -1;
    }

    private static int CommentStart(string line, int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] is '"' or '\'')
            {
                i = SkipString(line, i);
            }
            else if (line[i] == '#')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Returns the index of the closing quote of the one-line string that opens at <paramref name="start"/>.</summary>
    private static int SkipString(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return text.Length;
    }

    /// <summary>Tracks bracket depth and multi-line strings over a value's text.</summary>
    private static void Scan(string line, int from, ref int depth, ref string? openString)
    {
        var i = from;
        while (i < line.Length)
        {
            if (openString is not null)
            {
                var close = line.IndexOf(openString, i, StringComparison.Ordinal);
                if (close < 0)
                {
                    return;
                }

                i = close + 3;
                openString = null;
                continue;
            }

            var c = line[i];
            if (c == '#')
            {
                return;
            }

            if (c is '"' or '\'')
            {
                var triple = new string(c, 3);
                if (string.CompareOrdinal(line, i, triple, 0, 3) == 0)
                {
                    openString = triple;
                    i += 3;
                    continue;
                }

                i = SkipString(line, i) + 1;
                continue;
            }

            if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }

            i++;
        }
    }
}
