using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// The line-level grammar of a TOML document: blank lines, comments, <c>[table]</c> and <c>[[array]]</c> headers and
/// <c>key = value</c> lines, each ending at a line break; values go to <see cref="TomlValueParser"/>, tables to
/// <see cref="TomlTableBuilder"/>.
/// </summary>
internal sealed class TomlDocumentParser
{
    private readonly TomlScanner _scanner;
    private readonly TomlTableBuilder _builder;
    private readonly TomlValueParser _values;

    public TomlDocumentParser(TomlScanner scanner)
    {
        _scanner = scanner;
        _builder = new TomlTableBuilder(scanner.Position);
        _values = new TomlValueParser(scanner, _builder);
    }

    public ConfigTable Parse()
    {
        var section = _builder.Root;
        var sectionName = string.Empty;
        while (true)
        {
            _scanner.SkipWhitespace();
            if (_scanner.AtEnd)
            {
                return _builder.Root;
            }

            var c = _scanner.Peek();
            if (c == '#' || _scanner.AtNewline())
            {
                _scanner.ExpectEndOfLine("a comment");
            }
            else if (c == '[')
            {
                (section, sectionName) = ReadHeader();
            }
            else
            {
                ReadKeyValue(section, sectionName);
            }
        }
    }

    private (ConfigTable Table, string Name) ReadHeader()
    {
        var position = _scanner.Position;
        var isArray = _scanner.Peek(1) == '[';
        _scanner.Advance(isArray ? 2 : 1);
        var key = _values.ReadKey("a table name");
        var name = TomlKeyPart.Format(key, key.Count);
        var close = isArray ? "]]" : "]";
        if (!_scanner.StartsWith(close))
        {
            throw _scanner.Error($"expected '{close}' after the table name '{name}', found {_scanner.DescribeNext()}");
        }

        _scanner.Advance(close.Length);
        var header = isArray ? $"[[{name}]]" : $"[{name}]";
        _scanner.ExpectEndOfLine($"the header {header}");
        return (isArray ? _builder.AppendTableArrayElement(key, position) : _builder.DefineTable(key, position), name);
    }

    private void ReadKeyValue(ConfigTable section, string sectionName)
    {
        var key = _values.ReadKey("a key");
        var name = TomlKeyPart.Format(key, key.Count);
        if (_scanner.Peek() != '=')
        {
            throw _scanner.Error($"expected '=' after key '{name}', found {_scanner.DescribeNext()}");
        }

        _scanner.Advance();
        _scanner.SkipWhitespace();
        var value = _values.ReadValue(0, $"after '=' of key '{name}'", TomlTableBuilder.Join(sectionName, name));
        _builder.SetValue(section, sectionName, key, value);
        _scanner.ExpectEndOfLine($"the value of '{name}'");
    }
}
