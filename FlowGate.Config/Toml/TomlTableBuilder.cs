using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>
/// Builds the document tree and enforces TOML's rules on defining tables: no table or key twice, dotted keys do
/// not reach into tables that headers defined, inline tables and static arrays are closed, <c>[[x]]</c> only appends
/// to arrays of tables. The bookkeeping (how each table was made) lives here, beside the model rather than in it.
/// </summary>
internal sealed class TomlTableBuilder
{
    private readonly Dictionary<ConfigTable, TomlTableKind> _kinds = [];
    private readonly Dictionary<ConfigTable, SourcePosition> _definedAt = [];
    private readonly HashSet<ConfigArray> _tableArrays = [];

    public TomlTableBuilder(SourcePosition start)
    {
        Root = new ConfigTable(start);
        _kinds[Root] = TomlTableKind.Header;
    }

    /// <summary>Gets the document's root table.</summary>
    public ConfigTable Root { get; }

    /// <summary>Handles <c>[a.b]</c>: returns the table the section's keys go into.</summary>
    public ConfigTable DefineTable(IReadOnlyList<TomlKeyPart> key, SourcePosition header)
    {
        var parent = Navigate(key);
        var last = key[^1];
        var name = TomlKeyPart.Format(key, key.Count);
        if (!parent.TryGetEntry(last.Name, out var entry))
        {
            return AddTable(parent, last, header, TomlTableKind.Header, header);
        }

        switch (entry.Value)
        {
            case ConfigTable table when _kinds[table] == TomlTableKind.Implicit:
                _kinds[table] = TomlTableKind.Header;
                _definedAt[table] = header;
                return table;
            case ConfigTable table when _kinds[table] == TomlTableKind.Header:
                throw new ConfigSyntaxException(header, $"table '{name}' is defined twice (first at {At(_definedAt[table])})");
            case ConfigTable table when _kinds[table] == TomlTableKind.Dotted:
                throw new ConfigSyntaxException(header, $"table '{name}' is already defined by dotted keys at {At(entry.KeyPosition)}");
            case ConfigTable:
                throw new ConfigSyntaxException(header, $"table '{name}' is an inline table (at {At(entry.Value.Position)}) and cannot be extended");
            case ConfigArray array when _tableArrays.Contains(array):
                throw new ConfigSyntaxException(header, $"'{name}' is an array of tables (first at {At(array.Position)}); use [[{name}]] to add an element");
            default:
                throw new ConfigSyntaxException(header, $"key '{name}' already has a value (at {At(entry.KeyPosition)}); it cannot also be a table");
        }
    }

    /// <summary>Handles <c>[[a.b]]</c>: appends a table to the array of tables and returns it.</summary>
    public ConfigTable AppendTableArrayElement(IReadOnlyList<TomlKeyPart> key, SourcePosition header)
    {
        var parent = Navigate(key);
        var last = key[^1];
        var name = TomlKeyPart.Format(key, key.Count);
        ConfigArray array;
        if (!parent.TryGetEntry(last.Name, out var entry))
        {
            array = new ConfigArray(header);
            _tableArrays.Add(array);
            parent.TryAdd(last.Name, last.Position, array);
        }
        else if (entry.Value is ConfigArray existing && _tableArrays.Contains(existing))
        {
            array = existing;
        }
        else if (entry.Value is ConfigArray)
        {
            throw new ConfigSyntaxException(header, $"cannot append to '{name}' with [[{name}]]: it is an array value (at {At(entry.KeyPosition)}), not an array of tables");
        }
        else if (entry.Value is ConfigTable)
        {
            throw new ConfigSyntaxException(header, $"'{name}' is already a table (at {At(entry.KeyPosition)}); it cannot also be an array of tables");
        }
        else
        {
            throw new ConfigSyntaxException(header, $"key '{name}' already has a value (at {At(entry.KeyPosition)}); it cannot also be an array of tables");
        }

        var table = new ConfigTable(header);
        _kinds[table] = TomlTableKind.Header;
        _definedAt[table] = header;
        array.Add(table);
        return table;
    }

    /// <summary>Handles <c>a.b.c = value</c> inside <paramref name="table"/> (a section's table or an inline table being read).</summary>
    /// <param name="table">The table the key is relative to.</param>
    /// <param name="path">The table's own name from the root (empty for the root), for messages.</param>
    /// <param name="key">The key as written.</param>
    /// <param name="value">The value.</param>
    public void SetValue(ConfigTable table, string path, IReadOnlyList<TomlKeyPart> key, ConfigNode value)
    {
        var current = table;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!current.TryGetEntry(part.Name, out var entry))
            {
                current = AddTable(current, part, part.Position, TomlTableKind.Dotted, part.Position);
                continue;
            }

            // Formatted only for a message: long dotted keys must stay linear.
            string Name() => Join(path, TomlKeyPart.Format(key, i + 1));
            if (entry.Value is not ConfigTable next)
            {
                throw new ConfigSyntaxException(
                    part.Position,
                    $"cannot set '{Join(path, TomlKeyPart.Format(key, key.Count))}': '{Name()}' already has a value (at {At(entry.KeyPosition)}) that is {entry.Value.Describe()}, not a table");
            }

            switch (_kinds[next])
            {
                case TomlTableKind.Inline:
                    throw new ConfigSyntaxException(part.Position, $"cannot add keys to '{Name()}': it is an inline table (at {At(next.Position)}), complete once written");
                case TomlTableKind.Header:
                    throw new ConfigSyntaxException(part.Position, $"cannot add keys to table '{Name()}' with dotted keys: it is defined by the header at {At(_definedAt[next])}");
                case TomlTableKind.Implicit:
                    // A parent that only headers implied: the dotted key defines it, so no header may define it later.
                    _kinds[next] = TomlTableKind.Dotted;
                    break;
                default:
                    break;
            }

            current = next;
        }

        var last = key[^1];
        if (current.TryGetEntry(last.Name, out var existing))
        {
            throw new ConfigSyntaxException(last.Position, $"key '{Join(path, TomlKeyPart.Format(key, key.Count))}' is defined twice (first at {At(existing.KeyPosition)})");
        }

        current.TryAdd(last.Name, last.Position, value);
    }

    /// <summary>Starts an inline table: keys (dotted included) may go into it until <see cref="Seal"/>.</summary>
    public ConfigTable BeginInlineTable(SourcePosition position)
    {
        var table = new ConfigTable(position);
        _kinds[table] = TomlTableKind.Dotted;
        return table;
    }

    /// <summary>Closes an inline table and the tables its dotted keys made: nothing may add to them afterwards.</summary>
    public void Seal(ConfigTable inline)
    {
        var pending = new Stack<ConfigTable>();
        pending.Push(inline);
        while (pending.Count > 0)
        {
            var table = pending.Pop();
            _kinds[table] = TomlTableKind.Inline;
            foreach (var entry in table.Entries)
            {
                if (entry.Value is ConfigTable child && _kinds[child] != TomlTableKind.Inline)
                {
                    pending.Push(child);
                }
            }
        }
    }

    // Walks a header's parent parts from the root, creating implicit tables and entering the last element of arrays
    // of tables.
    private ConfigTable Navigate(IReadOnlyList<TomlKeyPart> key)
    {
        var current = Root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!current.TryGetEntry(part.Name, out var entry))
            {
                current = AddTable(current, part, part.Position, TomlTableKind.Implicit, null);
                continue;
            }

            string Name() => TomlKeyPart.Format(key, i + 1);
            switch (entry.Value)
            {
                case ConfigTable table when _kinds[table] == TomlTableKind.Inline:
                    throw new ConfigSyntaxException(part.Position, $"cannot add a table to '{Name()}': it is an inline table (at {At(table.Position)}), complete once written");
                case ConfigTable table:
                    current = table;
                    break;
                case ConfigArray array when _tableArrays.Contains(array):
                    current = (ConfigTable)array.Items[^1];
                    break;
                case ConfigArray:
                    throw new ConfigSyntaxException(part.Position, $"cannot add a table to '{Name()}': it is an array value (at {At(entry.KeyPosition)}), complete once written");
                default:
                    throw new ConfigSyntaxException(part.Position, $"cannot add a table to '{Name()}': it already has a value (at {At(entry.KeyPosition)}) that is {entry.Value.Describe()}");
            }
        }

        return current;
    }

    private ConfigTable AddTable(ConfigTable parent, TomlKeyPart part, SourcePosition position, TomlTableKind kind, SourcePosition? definedAt)
    {
        var table = new ConfigTable(position);
        _kinds[table] = kind;
        if (definedAt is { } at)
        {
            _definedAt[table] = at;
        }

        parent.TryAdd(part.Name, part.Position, table);
        return table;
    }

    /// <summary>Joins a table's name and a key relative to it.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string At(SourcePosition position) => $"{position.Line}:{position.Column}";
}
