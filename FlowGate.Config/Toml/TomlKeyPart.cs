using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>One part of a dotted key (<c>a."b.c".d</c> has three), unquoted, with where it was written.</summary>
/// <param name="Name">The part, unquoted and unescaped.</param>
/// <param name="Position">Where the part starts.</param>
internal readonly record struct TomlKeyPart(string Name, SourcePosition Position)
{
    /// <summary>Formats a key (or its first <paramref name="count"/> parts) as written in TOML, quoting parts that are not bare.</summary>
    public static string Format(IReadOnlyList<TomlKeyPart> parts, int count)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            AppendPart(builder, parts[i].Name);
        }

        return builder.ToString();
    }

    private static void AppendPart(System.Text.StringBuilder builder, string name)
    {
        if (name.Length > 0 && name.All(IsBareKeyChar))
        {
            builder.Append(name);
            return;
        }

        builder.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (TomlScanner.IsControl(c))
            {
                builder.Append($"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('"');
    }

    /// <summary>Tells whether a character may appear in a bare key.</summary>
    public static bool IsBareKeyChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
}
