using System.Text;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Makes a name a client chose safe for a log line: control characters (CR, LF, ESC and the rest) are escaped so that a
/// name cannot forge a line or colour a terminal, and the name is cut to a bounded length.
/// </summary>
internal static class LogText
{
    /// <summary>The most characters of one name that reach a log line.</summary>
    public const int MaxLength = 256;

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var cut = text.Length > MaxLength;
        var span = cut ? text.AsSpan(0, MaxLength) : text.AsSpan();
        if (!cut && !HasControl(span))
        {
            return text;
        }

        var builder = new StringBuilder(span.Length + 16);
        foreach (var c in span)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                builder.Append(c switch
                {
                    '\r' => "\\r",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        if (cut)
        {
            builder.Append("…(").Append(text.Length).Append(" chars)");
        }

        return builder.ToString();
    }

    private static bool HasControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }
}
