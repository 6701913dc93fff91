namespace FlowGate.Config.Documents;

/// <summary>A table (TOML) or mapping (YAML): keys in the order written, compared exactly (case-sensitive).</summary>
public sealed class ConfigTable : ConfigNode
{
    private readonly List<ConfigEntry> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ConfigTable"/> class.</summary>
    /// <param name="position">Where the table starts.</param>
    public ConfigTable(SourcePosition position)
        : base(position)
    {
    }

    /// <summary>Gets the entries in the order written.</summary>
    public IReadOnlyList<ConfigEntry> Entries => _entries;

    /// <summary>Gets the number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the keys in the order written.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>Finds a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="entry">The entry, when present.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    public bool TryGetEntry(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigEntry? entry)
    {
        if (_index.TryGetValue(key, out var i))
        {
            entry = _entries[i];
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Gets a key's value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/> when the key is absent.</returns>
    public ConfigNode? this[string key] => TryGetEntry(key, out var entry) ? entry.Value : null;

    /// <summary>Adds a key; the parser that owns the table has checked it is new.</summary>
    /// <param name="key">The key.</param>
    /// <param name="keyPosition">Where the key was written.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="false"/> when the key was already present (nothing changes then).</returns>
    internal bool TryAdd(string key, SourcePosition keyPosition, ConfigNode value)
    {
        if (!_index.TryAdd(key, _entries.Count))
        {
            return false;
        }

        _entries.Add(new ConfigEntry(key, keyPosition, value));
        return true;
    }

    /// <summary>Replaces a present key's value, keeping its place (used when profiles overlay a base).</summary>
    internal void Replace(string key, SourcePosition keyPosition, ConfigNode value) =>
        _entries[_index[key]] = new ConfigEntry(key, keyPosition, value);

    /// <inheritdoc/>
    public override string Describe() => "a table";
}
