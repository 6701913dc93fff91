namespace FlowGate.Config.Documents;

/// <summary>Where a key or value starts in a configuration file: 1-based line and column (columns count characters).</summary>
/// <param name="File">The file's path as the operator gave it, or a name such as <c>&lt;embedded&gt;</c>.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>Returns <c>file:line:col</c>.</summary>
    /// <returns>The position as compilers print it.</returns>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
