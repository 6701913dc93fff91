using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// Reads keys and values (strings, numbers, booleans, dates, arrays, inline tables) at the scanner; recursive for
/// arrays and inline tables, with the nesting bounded so that hostile input fails cleanly instead of overflowing the
/// stack.
/// </summary>
internal sealed class TomlValueParser
{
    /// <summary>How deeply arrays and inline tables may nest.</summary>
    public const int MaxDepth = 128;

    private readonly TomlScanner _scanner;
    private readonly TomlTableBuilder _builder;

    public TomlValueParser(TomlScanner scanner, TomlTableBuilder builder)
    {
        _scanner = scanner;
        _builder = builder;
    }

    /// <summary>Reads a key (<c>a."b".'c'</c>), skipping whitespace around it and around its dots.</summary>
    /// <param name="what">What the key is, for messages (<c>a key</c>, <c>a table name</c>).</param>
    /// <param name="inline">Whether the key is inside an inline table (for the hint when a line ends there).</param>
    public List<TomlKeyPart> ReadKey(string what, bool inline = false)
    {
        var parts = new List<TomlKeyPart>();
        while (true)
        {
            _scanner.SkipWhitespace();
            var position = _scanner.Position;
            var c = _scanner.Peek();
            string name;
            if (c is '"' or '\'')
            {
                if (_scanner.StartsWith(c == '"' ? "\"\"\"" : "'''"))
                {
                    throw _scanner.Error("a key cannot be a multi-line string");
                }

                name = c == '"' ? TomlStringParser.ReadBasic(_scanner) : TomlStringParser.ReadLiteral(_scanner);
            }
            else if (!_scanner.AtEnd && TomlKeyPart.IsBareKeyChar(c))
            {
                var start = _scanner.Offset;
                while (TomlKeyPart.IsBareKeyChar(_scanner.Peek()))
                {
                    _scanner.Advance();
                }

                name = _scanner.Slice(start, _scanner.Offset).ToString();
            }
            else
            {
                var after = parts.Count > 0 ? " after '.'" : string.Empty;
                var hint = inline && (_scanner.AtEnd || _scanner.AtNewline() || c == '#') ? " (an inline table must be on one line, without comments)"
                    : _scanner.AtEnd || _scanner.AtNewline() || c is ' ' or '\t' ? string.Empty
                    : " (bare keys may contain only A-Z a-z 0-9 _ -)";
                throw _scanner.Error($"expected {what}{after}, found {_scanner.DescribeNext()}{hint}");
            }

            parts.Add(new TomlKeyPart(name, position));
            _scanner.SkipWhitespace();
            if (_scanner.Peek() != '.')
            {
                return parts;
            }

            _scanner.Advance();
        }
    }

    /// <summary>Reads one value.</summary>
    /// <param name="depth">How many arrays and inline tables enclose it.</param>
    /// <param name="context">Where the value is expected, for messages (<c>after '=' of key 'port'</c>).</param>
    /// <param name="path">The value's name from the root (<c>server.ports[2]</c>), for messages about keys inside it.</param>
    public ConfigNode ReadValue(int depth, string context, string path)
    {
        var position = _scanner.Position;
        var c = _scanner.Peek();
        if (_scanner.AtEnd)
        {
            throw _scanner.Error($"expected a value {context}, found the end of the file");
        }

        switch (c)
        {
            case '"':
                return new ConfigScalar(
                    position,
                    ScalarKind.String,
                    _scanner.StartsWith("\"\"\"") ? TomlStringParser.ReadMultiline(_scanner, literal: false) : TomlStringParser.ReadBasic(_scanner));
            case '\'':
                return new ConfigScalar(
                    position,
                    ScalarKind.String,
                    _scanner.StartsWith("'''") ? TomlStringParser.ReadMultiline(_scanner, literal: true) : TomlStringParser.ReadLiteral(_scanner));
            case '[':
                return ReadArray(depth, position, path);
            case '{':
                return ReadInlineTable(depth, position, path);
            case 't' when _scanner.StartsWith("true"):
                _scanner.Advance(4);
                return new ConfigScalar(position, ScalarKind.Boolean, true);
            case 'f' when _scanner.StartsWith("false"):
                _scanner.Advance(5);
                return new ConfigScalar(position, ScalarKind.Boolean, false);
            case (>= '0' and <= '9') when TomlDateTimeParser.AtDateOrTime(_scanner):
                return TomlDateTimeParser.Read(_scanner, position);
            case (>= '0' and <= '9') or '+' or '-' or 'i' or 'n':
                var start = _scanner.Offset;
                while (IsNumberChar(_scanner.Peek()))
                {
                    _scanner.Advance();
                }

                return TomlNumberParser.Parse(_scanner.Slice(start, _scanner.Offset), position);
            default:
                var hint = char.IsAsciiLetter(c) ? " (strings must be quoted)" : string.Empty;
                throw _scanner.Error($"expected a value {context}, found {_scanner.DescribeNext()}{hint}");
        }
    }

    private ConfigArray ReadArray(int depth, SourcePosition position, string path)
    {
        CheckDepth(depth);
        _scanner.Advance();
        var array = new ConfigArray(position);
        while (true)
        {
            _scanner.SkipTrivia();
            if (_scanner.Peek() == ']')
            {
                _scanner.Advance();
                return array;
            }

            if (_scanner.AtEnd)
            {
                throw new ConfigSyntaxException(position, "the array is not closed (expected ']')");
            }

            array.Add(ReadValue(depth + 1, "in the array", $"{path}[{array.Items.Count}]"));
            _scanner.SkipTrivia();
            switch (_scanner.Peek())
            {
                case ',':
                    _scanner.Advance();
                    continue;
                case ']':
                    _scanner.Advance();
                    return array;
                default:
                    if (_scanner.AtEnd)
                    {
                        throw new ConfigSyntaxException(position, "the array is not closed (expected ']')");
                    }

                    throw _scanner.Error($"expected ',' or ']' after an array item, found {_scanner.DescribeNext()}");
            }
        }
    }

    private ConfigTable ReadInlineTable(int depth, SourcePosition position, string path)
    {
        CheckDepth(depth);
        _scanner.Advance();
        var table = _builder.BeginInlineTable(position);
        _scanner.SkipWhitespace();
        if (_scanner.Peek() == '}')
        {
            _scanner.Advance();
            _builder.Seal(table);
            return table;
        }

        while (true)
        {
            var key = ReadKey("a key in the inline table", inline: true);
            var name = TomlKeyPart.Format(key, key.Count);
            if (_scanner.Peek() != '=')
            {
                throw _scanner.Error($"expected '=' after key '{name}', found {_scanner.DescribeNext()}");
            }

            _scanner.Advance();
            _scanner.SkipWhitespace();
            var value = ReadValue(depth + 1, $"after '=' of key '{name}'", TomlTableBuilder.Join(path, name));
            _builder.SetValue(table, path, key, value);
            _scanner.SkipWhitespace();
            switch (_scanner.Peek())
            {
                case ',':
                    _scanner.Advance();
                    _scanner.SkipWhitespace();
                    if (_scanner.Peek() == '}')
                    {
                        throw _scanner.Error("a trailing comma is not allowed in an inline table");
                    }

                    continue;
                case '}':
                    _scanner.Advance();
                    _builder.Seal(table);
                    return table;
                default:
                    var hint = _scanner.AtEnd || _scanner.AtNewline() || _scanner.Peek() == '#' ? " (an inline table must be on one line, without comments)" : string.Empty;
                    throw _scanner.Error($"expected ',' or '}}' in the inline table, found {_scanner.DescribeNext()}{hint}");
            }
        }
    }

    private void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw _scanner.Error($"arrays and inline tables are nested too deeply (more than {MaxDepth} levels)");
        }
    }

    private static bool IsNumberChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.';
}
