using System.Text;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// Reads RFC 3339 dates and times straight from the scanner (the date/time separator may be a space, which a token
/// cut would lose), validates every field's range, and keeps the text as written with the <c>T</c>/<c>Z</c> letters
/// upper-cased and the separator normalised to <c>T</c>.
/// </summary>
internal static class TomlDateTimeParser
{
    /// <summary>Tells whether the scanner is at something that must be a date or a time (<c>dddd-</c> or <c>dd:</c>).</summary>
    public static bool AtDateOrTime(TomlScanner scanner) =>
        (IsDigits(scanner, 0, 4) && scanner.Peek(4) == '-') || (IsDigits(scanner, 0, 2) && scanner.Peek(2) == ':');

    public static ConfigScalar Read(TomlScanner scanner, SourcePosition position)
    {
        var text = new StringBuilder();
        if (!(IsDigits(scanner, 0, 4) && scanner.Peek(4) == '-'))
        {
            ReadTime(scanner, position, text);
            return new ConfigScalar(position, ScalarKind.LocalTime, text.ToString());
        }

        var year = Number(scanner, 4, "year", position, text);
        Expect(scanner, '-', "after the year", position, text);
        var month = Number(scanner, 2, "month", position, text);
        Expect(scanner, '-', "after the month", position, text);
        var day = Number(scanner, 2, "day", position, text);
        if (month is < 1 or > 12)
        {
            throw Invalid(position, text, $"month {month:D2} is not between 01 and 12");
        }

        if (day < 1 || day > DaysInMonth(year, month))
        {
            throw Invalid(position, text, $"day {day:D2} does not exist in {year:D4}-{month:D2}");
        }

        var separator = scanner.Peek();
        var hasTime = separator is 'T' or 't' || (separator == ' ' && IsDigits(scanner, 1, 2) && scanner.Peek(3) == ':');
        if (!hasTime)
        {
            return new ConfigScalar(position, ScalarKind.LocalDate, text.ToString());
        }

        scanner.Advance();
        text.Append('T');
        ReadTime(scanner, position, text);
        var zone = scanner.Peek();
        if (zone is 'Z' or 'z')
        {
            scanner.Advance();
            text.Append('Z');
            return new ConfigScalar(position, ScalarKind.OffsetDateTime, text.ToString());
        }

        if (zone is '+' or '-')
        {
            scanner.Advance();
            text.Append(zone);
            var hours = Number(scanner, 2, "offset hours", position, text);
            Expect(scanner, ':', "in the offset", position, text);
            var minutes = Number(scanner, 2, "offset minutes", position, text);
            if (hours > 23 || minutes > 59)
            {
                throw Invalid(position, text, $"the offset {zone}{hours:D2}:{minutes:D2} is out of range");
            }

            return new ConfigScalar(position, ScalarKind.OffsetDateTime, text.ToString());
        }

        return new ConfigScalar(position, ScalarKind.LocalDateTime, text.ToString());
    }

    private static void ReadTime(TomlScanner scanner, SourcePosition position, StringBuilder text)
    {
        var hour = Number(scanner, 2, "hour", position, text);
        Expect(scanner, ':', "after the hour", position, text);
        var minute = Number(scanner, 2, "minute", position, text);
        if (scanner.Peek() != ':')
        {
            throw Invalid(position, text, "the seconds are missing (TOML 1.0 times are HH:MM:SS)");
        }

        Expect(scanner, ':', "after the minute", position, text);
        var second = Number(scanner, 2, "second", position, text);
        if (hour > 23 || minute > 59 || second > 60)
        {
            throw Invalid(position, text, $"the time {hour:D2}:{minute:D2}:{second:D2} is out of range");
        }

        if (scanner.Peek() == '.')
        {
            scanner.Advance();
            text.Append('.');
            if (!char.IsAsciiDigit(scanner.Peek()))
            {
                throw Invalid(position, text, "expected digits after the decimal point of the seconds");
            }

            while (char.IsAsciiDigit(scanner.Peek()))
            {
                text.Append(scanner.Peek());
                scanner.Advance();
            }
        }
    }

    private static int Number(TomlScanner scanner, int digits, string field, SourcePosition position, StringBuilder text)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = scanner.Peek();
            if (!char.IsAsciiDigit(c))
            {
                throw Invalid(position, text, $"expected {digits} digits for the {field}");
            }

            value = (value * 10) + (c - '0');
            text.Append(c);
            scanner.Advance();
        }

        return value;
    }

    private static void Expect(TomlScanner scanner, char c, string where, SourcePosition position, StringBuilder text)
    {
        if (scanner.Peek() != c)
        {
            throw Invalid(position, text, $"expected '{c}' {where}");
        }

        scanner.Advance();
        text.Append(c);
    }

    private static bool IsDigits(TomlScanner scanner, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            if (!char.IsAsciiDigit(scanner.Peek(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static ConfigSyntaxException Invalid(SourcePosition position, StringBuilder text, string reason) =>
        new(position, $"invalid date/time '{text}': {reason}");
}
