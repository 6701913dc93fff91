using System.Globalization;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// Turns a number token (already cut out by the value parser: digits, letters, <c>_ + - .</c>) into an integer or a
/// float, enforcing TOML's rules on prefixes, signs, leading zeros and underscores, and rejecting what does not fit.
/// </summary>
internal static class TomlNumberParser
{
    public static ConfigScalar Parse(ReadOnlySpan<char> token, SourcePosition position)
    {
        var text = token.ToString();
        switch (text)
        {
            case "inf" or "+inf":
                return new ConfigScalar(position, ScalarKind.Float, double.PositiveInfinity);
            case "-inf":
                return new ConfigScalar(position, ScalarKind.Float, double.NegativeInfinity);
            case "nan" or "+nan" or "-nan":
                return new ConfigScalar(position, ScalarKind.Float, double.NaN);
            default:
                break;
        }

        if (token.Length > 2 && token[0] == '0' && token[1] is 'x' or 'o' or 'b')
        {
            return new ConfigScalar(position, ScalarKind.Integer, ParseRadix(token[2..], token[1], text, position));
        }

        var negative = token.Length > 0 && token[0] == '-';
        var unsigned = token.Length > 0 && token[0] is '+' or '-' ? token[1..] : token;
        if (unsigned.IndexOfAny('.', 'e', 'E') >= 0)
        {
            return new ConfigScalar(position, ScalarKind.Float, ParseFloat(unsigned, negative, text, position));
        }

        var digits = Digits(unsigned, text, "integer", position);
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw new ConfigSyntaxException(position, $"invalid integer '{text}': leading zeros are not allowed");
        }

        var magnitude = 0UL;
        foreach (var d in digits)
        {
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                throw OutOfRange(text, position);
            }

            magnitude = (magnitude * 10) + (ulong)(d - '0');
        }

        long value;
        if (negative)
        {
            if (magnitude > 1UL + long.MaxValue)
            {
                throw OutOfRange(text, position);
            }

            value = magnitude == 1UL + long.MaxValue ? long.MinValue : -(long)magnitude;
        }
        else
        {
            if (magnitude > long.MaxValue)
            {
                throw OutOfRange(text, position);
            }

            value = (long)magnitude;
        }

        return new ConfigScalar(position, ScalarKind.Integer, value);
    }

    private static long ParseRadix(ReadOnlySpan<char> body, char prefix, string text, SourcePosition position)
    {
        var (radix, name) = prefix switch
        {
            'x' => (16, "hexadecimal"),
            'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        var digits = Digits(body, text, name + " integer", position, radix);
        var value = 0UL;
        foreach (var c in digits)
        {
            var d = (ulong)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            if (value > ((ulong)long.MaxValue - d) / (ulong)radix)
            {
                throw OutOfRange(text, position);
            }

            value = (value * (ulong)radix) + d;
        }

        return (long)value;
    }

    private static double ParseFloat(ReadOnlySpan<char> unsigned, bool negative, string text, SourcePosition position)
    {
        var e = unsigned.IndexOfAny('e', 'E');
        var mantissa = e >= 0 ? unsigned[..e] : unsigned;
        var dot = mantissa.IndexOf('.');
        var integerPart = Digits(dot >= 0 ? mantissa[..dot] : mantissa, text, "float", position);
        if (integerPart.Length > 1 && integerPart[0] == '0')
        {
            throw new ConfigSyntaxException(position, $"invalid float '{text}': leading zeros are not allowed");
        }

        var clean = new System.Text.StringBuilder(negative ? "-" : string.Empty).Append(integerPart);
        if (dot >= 0)
        {
            clean.Append('.').Append(Digits(mantissa[(dot + 1)..], text, "float", position, what: "digits after the decimal point"));
        }

        if (e >= 0)
        {
            var exponent = unsigned[(e + 1)..];
            clean.Append('e');
            if (exponent.Length > 0 && exponent[0] is '+' or '-')
            {
                clean.Append(exponent[0]);
                exponent = exponent[1..];
            }

            clean.Append(Digits(exponent, text, "float", position, what: "digits in the exponent"));
        }

        var value = double.Parse(clean.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            throw new ConfigSyntaxException(position, $"the float '{text}' is out of range for a 64-bit float");
        }

        return value;
    }

    // A run of digits with single underscores between digits; returns the digits without the underscores.
    private static string Digits(ReadOnlySpan<char> run, string text, string kind, SourcePosition position, int radix = 10, string what = "digits")
    {
        if (run.IsEmpty)
        {
            throw new ConfigSyntaxException(position, $"invalid {kind} '{text}': expected {what}");
        }

        var digits = new System.Text.StringBuilder(run.Length);
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            if (c == '_')
            {
                if (i == 0 || i == run.Length - 1 || run[i - 1] == '_')
                {
                    throw new ConfigSyntaxException(position, $"invalid {kind} '{text}': an underscore must be between two digits");
                }

                continue;
            }

            if (!IsDigit(c, radix))
            {
                throw new ConfigSyntaxException(position, $"invalid {kind} '{text}': unexpected '{c}'");
            }

            digits.Append(c);
        }

        return digits.ToString();
    }

    private static bool IsDigit(char c, int radix) => radix switch
    {
        16 => char.IsAsciiHexDigit(c),
        8 => c is >= '0' and <= '7',
        2 => c is '0' or '1',
        _ => char.IsAsciiDigit(c),
    };

    private static ConfigSyntaxException OutOfRange(string text, SourcePosition position) =>
        new(position, $"the integer '{text}' is out of range for a 64-bit signed integer");
}
