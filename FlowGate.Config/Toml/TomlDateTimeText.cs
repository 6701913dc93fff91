using FlowGate.Config.Documents;
using Tomlyn;
using Tomlyn.Syntax;

namespace FlowGate.Config.Toml;

/// <summary>
/// The text FlowGate keeps for a TOML date/time: as written, with <c>T</c> between date and time, <c>T</c> and
/// <c>Z</c> in upper case, and seconds spelled out when TOML 1.1's short form (<c>07:32</c>) left them out.
/// </summary>
internal static class TomlDateTimeText
{
    public static ConfigScalar ToScalar(SourcePosition at, DateTimeValueSyntax value)
    {
        var kind = value.Value.Kind switch
        {
            TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber => ScalarKind.OffsetDateTime,
            TomlDateTimeKind.LocalDateTime => ScalarKind.LocalDateTime,
            TomlDateTimeKind.LocalDate => ScalarKind.LocalDate,
            _ => ScalarKind.LocalTime,
        };
        var written = value.Token?.Text ?? value.Value.ToString();
        return new ConfigScalar(at, kind, Canonical(written, kind));
    }

    private static string Canonical(string written, ScalarKind kind)
    {
        var text = written.ToUpperInvariant();
        if (kind == ScalarKind.LocalDate)
        {
            return text;
        }

        var timeStart = 0;
        if (kind != ScalarKind.LocalTime)
        {
            text = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
            timeStart = 11;
        }

        // HH:MM is followed by :SS unless TOML 1.1's short form left the seconds out.
        var afterMinutes = timeStart + 5;
        return afterMinutes < text.Length && text[afterMinutes] == ':'
            ? text
            : text.Insert(afterMinutes, ":00");
    }
}
