namespace FlowGate.Config.Documents;

/// <summary>
/// A node of a parsed configuration document, the same shape for TOML and YAML (tables, arrays, scalars), each
/// with the position it was written at so that every error can say <c>file:line:col</c>.
/// </summary>
public abstract class ConfigNode
{
    private protected ConfigNode(SourcePosition position) => Position = position;

    /// <summary>Gets where the node's value starts.</summary>
    public SourcePosition Position { get; }

    /// <summary>Gets a short name of the node's type for error messages (<c>a table</c>, <c>an integer</c>…).</summary>
    public abstract string Describe();
}
