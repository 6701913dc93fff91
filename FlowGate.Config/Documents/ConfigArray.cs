namespace FlowGate.Config.Documents;

/// <summary>An array (TOML, including arrays of tables) or sequence (YAML).</summary>
public sealed class ConfigArray : ConfigNode
{
    private readonly List<ConfigNode> _items = [];

    /// <summary>Initializes a new instance of the <see cref="ConfigArray"/> class.</summary>
    /// <param name="position">Where the array starts.</param>
    public ConfigArray(SourcePosition position)
        : base(position)
    {
    }

    /// <summary>Gets the items in order.</summary>
    public IReadOnlyList<ConfigNode> Items => _items;

    /// <summary>Appends an item (parsers only).</summary>
    /// <param name="item">The item.</param>
    internal void Add(ConfigNode item) => _items.Add(item);

    /// <inheritdoc/>
    public override string Describe() => "an array";
}
