using System.Globalization;

namespace FlowGate.Routing.Failures;

/// <summary>
/// Reads an upstream's retry hints: <c>Retry-After</c> (RFC 9110 §10.2.3: delta-seconds or an HTTP date),
/// <c>retry-after-ms</c>, and the "try again in 1.5s" of OpenAI rate-limit messages. Lenient about what real
/// servers send (decimal seconds, surrounding spaces), and never throws: anything unreadable is <see langword="null"/>.
/// </summary>
internal static class RetryAfterParser
{
    // IMF-fixdate ("r"), the same with a one-digit day, RFC 850 and asctime: the three forms RFC 9110 says a
    // recipient must accept. Day names are checked against the date by the parser.
    private static readonly string[] HttpDateFormats =
    [
        "r",
        "ddd, d MMM yyyy HH':'mm':'ss 'GMT'",
        "dddd, d'-'MMM'-'yy HH':'mm':'ss 'GMT'",
        "ddd MMM d HH':'mm':'ss yyyy",
    ];

    // Enough for "try again in 1h2m3.456s" and some spaces; the hint is never read further than this.
    private const int MaxHintChars = 48;

    // Cut the fraction at 100 ns: finer digits cannot change a TimeSpan.
    private const int MaxFractionDigits = 7;

    /// <summary>Parses a <c>Retry-After</c> header value.</summary>
    /// <param name="value">The raw header value.</param>
    /// <param name="now">The current time, to turn an HTTP date into a wait.</param>
    /// <returns>
    /// The wait: delta-seconds (decimals tolerated; a negative number is zero), or the time until the HTTP date
    /// (zero if it has passed); <see langword="null"/> when missing or unreadable.
    /// </returns>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        if (TryParseAmount(text, TimeSpan.TicksPerSecond, out var delta))
        {
            return delta;
        }

        if (DateTimeOffset.TryParseExact(
                text,
                HttpDateFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal,
                out var date))
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Parses a <c>retry-after-ms</c> header value.</summary>
    /// <param name="value">The raw header value.</param>
    /// <returns>The wait (a negative number is zero), or <see langword="null"/> when missing or unreadable.</returns>
    public static TimeSpan? ParseMilliseconds(string? value) =>
        value is not null && TryParseAmount(value.AsSpan().Trim(), TimeSpan.TicksPerMillisecond, out var wait) ? wait : null;

    /// <summary>Finds a "try again in &lt;duration&gt;" hint in an error body.</summary>
    /// <param name="body">The body prefix (UTF-8).</param>
    /// <returns>
    /// The duration, from Go-style components (<c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h</c>, also spelled out
    /// as <c>2 seconds</c>), or <see langword="null"/> when there is no readable hint.
    /// </returns>
    public static TimeSpan? ParseHint(ReadOnlySpan<byte> body)
    {
        var at = AsciiScanner.IndexOf(body, FailureMarkers.TryAgainIn);
        if (at < 0)
        {
            return null;
        }

        var tail = body[(at + FailureMarkers.TryAgainIn.Length)..];
        Span<char> text = stackalloc char[Math.Min(tail.Length, MaxHintChars)];
        for (var i = 0; i < text.Length; i++)
        {
            // Widening is enough: only ASCII digits, letters and spaces matter here.
            text[i] = (char)tail[i];
        }

        var pos = SkipSpaces(text, 0);
        long total = 0;
        var any = false;
        while (pos < text.Length)
        {
            var used = ParseNumber(text[pos..], out var whole, out var fraction, out var scale);
            if (used == 0)
            {
                break;
            }

            var unitAt = SkipSpaces(text, pos + used);
            var unit = ReadUnit(text[unitAt..], out var unitLength);
            if (unit == 0)
            {
                break;
            }

            total = SaturatingAdd(total, ToTicks(whole, fraction, scale, unit));
            any = true;
            pos = unitAt + unitLength;
        }

        return any ? TimeSpan.FromTicks(total) : null;
    }

    private static bool TryParseAmount(ReadOnlySpan<char> text, long ticksPerUnit, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        var used = ParseNumber(digits, out var whole, out var fraction, out var scale);
        if (used == 0 || used != digits.Length)
        {
            return false;
        }

        // Not valid delta-seconds, but the only sensible reading of "-5" is "now".
        wait = negative ? TimeSpan.Zero : TimeSpan.FromTicks(ToTicks(whole, fraction, scale, ticksPerUnit));
        return true;
    }

    // Reads digits [ '.' digits ] and returns how many chars it used (0 when no leading digit). The whole part
    // saturates instead of overflowing; fraction / scale is the fractional part, cut at 7 digits.
    private static int ParseNumber(ReadOnlySpan<char> text, out long whole, out long fraction, out long scale)
    {
        whole = 0;
        fraction = 0;
        scale = 1;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            whole = whole > (long.MaxValue - 9) / 10 ? long.MaxValue : (whole * 10) + (text[i] - '0');
            i++;
        }

        if (i == 0)
        {
            return 0;
        }

        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            var digits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (digits < MaxFractionDigits)
                {
                    fraction = (fraction * 10) + (text[i] - '0');
                    scale *= 10;
                    digits++;
                }

                i++;
            }
        }

        return i;
    }

    private static long ToTicks(long whole, long fraction, long scale, long ticksPerUnit)
    {
        if (whole > TimeSpan.MaxValue.Ticks / ticksPerUnit)
        {
            return TimeSpan.MaxValue.Ticks;
        }

        // fraction < scale <= 10^7 and ticksPerUnit <= 3.6 * 10^10, so the product stays far below long.MaxValue.
        return SaturatingAdd(whole * ticksPerUnit, fraction * ticksPerUnit / scale);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static int SkipSpaces(ReadOnlySpan<char> text, int pos)
    {
        while (pos < text.Length && text[pos] == ' ')
        {
            pos++;
        }

        return pos;
    }

    // Returns the ticks of the unit at the start of text (ms, s, m, h, or their spelled-out words) and its length
    // including any trailing letters, or 0 when no unit is there.
    private static long ReadUnit(ReadOnlySpan<char> text, out int length)
    {
        length = 0;
        if (text.IsEmpty)
        {
            return 0;
        }

        long unit;
        switch (char.ToLowerInvariant(text[0]))
        {
            case 'm' when text.Length > 1 && (char.ToLowerInvariant(text[1]) == 's' || text.StartsWith("milli", StringComparison.OrdinalIgnoreCase)):
                unit = TimeSpan.TicksPerMillisecond;
                break;
            case 'm':
                unit = TimeSpan.TicksPerMinute;
                break;
            case 's':
                unit = TimeSpan.TicksPerSecond;
                break;
            case 'h':
                unit = TimeSpan.TicksPerHour;
                break;
            default:
                return 0;
        }

        length = 1;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        return unit;
    }
}
