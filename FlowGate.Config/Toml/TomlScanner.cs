using System.Globalization;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// The character cursor under the TOML parsers: it owns the text, the line/column bookkeeping (columns count Unicode
/// characters, so a surrogate pair is one column) and the trivia every part of the grammar shares (whitespace,
/// comments, newlines), so that the value and table parsers only see tokens and never index past the end.
/// </summary>
internal sealed class TomlScanner
{
    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    // Columns are counted lazily from the last computed position on the same line, so positions stay linear overall.
    private int _columnOffset;
    private int _column = 1;

    public TomlScanner(string text, string file, int start)
    {
        _text = text;
        _file = file;
        _pos = start;
        _lineStart = start;
        _columnOffset = start;
    }

    /// <summary>Gets the offset of the next character.</summary>
    public int Offset => _pos;

    /// <summary>Gets a value indicating whether the whole text has been read.</summary>
    public bool AtEnd => _pos >= _text.Length;

    /// <summary>Gets the position of the next character.</summary>
    public SourcePosition Position
    {
        get
        {
            if (_columnOffset < _lineStart || _columnOffset > _pos)
            {
                _columnOffset = _lineStart;
                _column = 1;
            }

            for (var i = _columnOffset; i < _pos; i++)
            {
                if (!char.IsLowSurrogate(_text[i]))
                {
                    _column++;
                }
            }

            _columnOffset = _pos;
            return new SourcePosition(_file, _line, _column);
        }
    }

    /// <summary>Returns the next character, or <c>'\0'</c> at the end (callers check <see cref="AtEnd"/> when NUL matters).</summary>
    public char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    /// <summary>Returns the character <paramref name="ahead"/> places after the next one, or <c>'\0'</c> past the end.</summary>
    public char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    /// <summary>Tells whether the text continues with <paramref name="value"/>.</summary>
    public bool StartsWith(string value) => _text.AsSpan(_pos).StartsWith(value, StringComparison.Ordinal);

    /// <summary>Returns a slice of the text already read.</summary>
    public ReadOnlySpan<char> Slice(int start, int end) => _text.AsSpan(start, end - start);

    /// <summary>Moves past one character, keeping the line count when it is a line feed.</summary>
    public void Advance()
    {
        if (_pos >= _text.Length)
        {
            return;
        }

        if (_text[_pos] == '\n')
        {
            _line++;
            _lineStart = _pos + 1;
        }

        _pos++;
    }

    /// <summary>Moves past <paramref name="count"/> characters.</summary>
    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    /// <summary>Creates the error for the next character's position.</summary>
    public ConfigSyntaxException Error(string reason) => new(Position, reason);

    /// <summary>Skips spaces and tabs.</summary>
    public void SkipWhitespace()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t'))
        {
            _pos++;
        }
    }

    /// <summary>Tells whether the next character starts a line break (LF or CRLF); a bare CR is an error.</summary>
    public bool AtNewline()
    {
        var c = Peek();
        if (c == '\n')
        {
            return true;
        }

        if (c == '\r')
        {
            if (Peek(1) == '\n')
            {
                return true;
            }

            throw Error("a carriage return must be followed by a line feed (bare CR is not a line break in TOML)");
        }

        return false;
    }

    /// <summary>Consumes a line break when one is next.</summary>
    /// <returns><see langword="true"/> when a line break was consumed.</returns>
    public bool TryConsumeNewline()
    {
        if (!AtNewline())
        {
            return false;
        }

        if (Peek() == '\r')
        {
            _pos++;
        }

        Advance();
        return true;
    }

    /// <summary>Skips a comment (up to, not including, the line break) when one is next.</summary>
    public void SkipComment()
    {
        if (Peek() != '#')
        {
            return;
        }

        _pos++;
        while (!AtEnd && !AtNewline())
        {
            var c = _text[_pos];
            if (IsControl(c))
            {
                throw Error($"{Describe(c)} is not allowed in a comment");
            }

            _pos++;
        }
    }

    /// <summary>Skips whitespace, comments and line breaks (inside arrays).</summary>
    public void SkipTrivia()
    {
        while (true)
        {
            SkipWhitespace();
            SkipComment();
            if (!TryConsumeNewline())
            {
                return;
            }
        }
    }

    /// <summary>Requires the rest of the line to be whitespace and an optional comment, then consumes the line break.</summary>
    /// <param name="after">What was just read, for the message (<c>the value of 'port'</c>).</param>
    public void ExpectEndOfLine(string after)
    {
        SkipWhitespace();
        SkipComment();
        if (AtEnd)
        {
            return;
        }

        if (!TryConsumeNewline())
        {
            throw Error($"unexpected {Describe(Peek())} after {after}; expected the end of the line");
        }
    }

    /// <summary>Describes the next character (or the end) for a message.</summary>
    public string DescribeNext() => AtEnd ? "the end of the file" : Describe(Peek());

    /// <summary>Describes a character for a message: <c>'x'</c>, or its code point when it is not printable.</summary>
    public static string Describe(char c) => c switch
    {
        '\n' or '\r' => "the end of the line",
        ' ' => "' '",
        _ => char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => $"character U+{(int)c:X4}",
            _ => $"'{c}'",
        },
    };

    /// <summary>Tells whether a character is a control character TOML forbids in strings and comments (tab is allowed).</summary>
    public static bool IsControl(char c) => c is (< ' ' and not '\t') or '\u007F';
}
