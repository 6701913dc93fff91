using FlowGate.Config.Documents;
using Tomlyn.Syntax;

namespace FlowGate.Config.Toml;

/// <summary>
/// Turns a Tomlyn syntax tree that Tomlyn has already validated (no key or table twice, no dotted key into a closed
/// table) into FlowGate's document tree: headers, dotted keys and arrays of tables become nested tables, and every
/// key and value keeps the position it was written at.
/// </summary>
internal sealed class TomlDocumentBuilder(string file)
{
    // Arrays made by [[x]] headers: a later [x.y] or [[x.y]] header goes into their last element.
    private readonly HashSet<ConfigArray> _tableArrays = [];

    public static SourcePosition PositionOf(TextPosition position, string file) =>
        new(file, Math.Max(position.Line, 0) + 1, Math.Max(position.Column, 0) + 1);

    public ConfigTable Build(DocumentSyntax document)
    {
        var root = new ConfigTable(new SourcePosition(file, 1, 1));
        AddKeyValues(root, document.KeyValues);
        foreach (var header in document.Tables)
        {
            var key = PartsOf(header.Name!);
            var parent = Navigate(root, key);
            var last = key[^1];
            var at = At(header.Span.Start);
            ConfigTable table;
            if (header is TableArraySyntax)
            {
                if (!parent.TryGetEntry(last.Name, out var entry))
                {
                    var array = new ConfigArray(at);
                    _tableArrays.Add(array);
                    parent.TryAdd(last.Name, last.Position, array);
                    entry = parent.Entries[^1];
                }

                table = new ConfigTable(at);
                ((ConfigArray)entry.Value).Add(table);
            }
            else if (parent.TryGetEntry(last.Name, out var entry) && entry.Value is ConfigTable implied)
            {
                // Made implicitly by an earlier header such as [a.b.c]; this header defines it.
                table = implied;
            }
            else
            {
                table = new ConfigTable(at);
                Add(parent, last, table);
            }

            AddKeyValues(table, header.Items);
        }

        return root;
    }

    private void AddKeyValues(ConfigTable table, IEnumerable<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            var key = PartsOf(keyValue.Key!);
            var current = table;
            for (var i = 0; i < key.Count - 1; i++)
            {
                current = Enter(current, key[i]);
            }

            Add(current, key[^1], ValueOf(keyValue.Value!));
        }
    }

    private ConfigNode ValueOf(ValueSyntax value)
    {
        var at = At(value.Span.Start);
        switch (value)
        {
            case StringValueSyntax text:
                return new ConfigScalar(at, ScalarKind.String, HasRawCrLf(text) ? text.Value!.Replace("\r\n", "\n", StringComparison.Ordinal) : text.Value);
            case IntegerValueSyntax integer:
                return new ConfigScalar(at, ScalarKind.Integer, integer.Value);
            case FloatValueSyntax number:
                return new ConfigScalar(at, ScalarKind.Float, number.Value);
            case BooleanValueSyntax boolean:
                return new ConfigScalar(at, ScalarKind.Boolean, boolean.Value);
            case DateTimeValueSyntax dateTime:
                return TomlDateTimeText.ToScalar(at, dateTime);
            case ArraySyntax array:
                var items = new ConfigArray(at);
                foreach (var item in array.Items)
                {
                    items.Add(ValueOf(item.Value!));
                }

                return items;
            case InlineTableSyntax inline:
                var table = new ConfigTable(at);
                AddKeyValues(table, inline.Items.Select(i => i.KeyValue!));
                return table;
            default:
                throw new ConfigSyntaxException(at, $"unsupported TOML value '{value}'");
        }
    }

    // A string whose line breaks were written as CRLF reads them as \n, as on every other platform; escaped \r\n
    // sequences in a file with LF line breaks are left alone.
    private static bool HasRawCrLf(StringValueSyntax text) =>
        text.Token?.Text is { } raw && raw.Contains("\r\n", StringComparison.Ordinal);

    // Walks a header's parent parts from the root, making implicit tables and entering the last element of arrays of tables.
    private ConfigTable Navigate(ConfigTable root, IReadOnlyList<KeyPart> key)
    {
        var current = root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            current = Enter(current, key[i]);
        }

        return current;
    }

    private ConfigTable Enter(ConfigTable table, KeyPart part)
    {
        if (!table.TryGetEntry(part.Name, out var entry))
        {
            var child = new ConfigTable(part.Position);
            table.TryAdd(part.Name, part.Position, child);
            return child;
        }

        return entry.Value switch
        {
            ConfigTable child => child,
            ConfigArray array when _tableArrays.Contains(array) && array.Items.Count > 0 => (ConfigTable)array.Items[^1],
            _ => throw new ConfigSyntaxException(part.Position, $"'{part.Name}' already has a value (at {entry.KeyPosition}) that is {entry.Value.Describe()}, not a table"),
        };
    }

    private static void Add(ConfigTable table, KeyPart key, ConfigNode value)
    {
        if (!table.TryAdd(key.Name, key.Position, value))
        {
            throw new ConfigSyntaxException(key.Position, $"key '{key.Name}' is defined twice");
        }
    }

    private List<KeyPart> PartsOf(KeySyntax key)
    {
        var parts = new List<KeyPart> { PartOf(key.Key!) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(PartOf(dotted.Key!));
        }

        return parts;
    }

    private KeyPart PartOf(BareKeyOrStringValueSyntax part) => part switch
    {
        BareKeySyntax bare => new KeyPart(bare.Key!.Text!, At(bare.Span.Start)),
        StringValueSyntax quoted => new KeyPart(quoted.Value!, At(quoted.Span.Start)),
        _ => throw new ConfigSyntaxException(At(part.Span.Start), "unsupported key"),
    };

    private SourcePosition At(TextPosition position) => PositionOf(position, file);

    private readonly record struct KeyPart(string Name, SourcePosition Position);
}
