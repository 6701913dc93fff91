namespace FlowGate.Config.Documents;

/// <summary>One key of a <see cref="ConfigTable"/> with its value.</summary>
/// <param name="Key">The key, unquoted and unescaped.</param>
/// <param name="KeyPosition">Where the key was written (for a dotted or header key, its last part).</param>
/// <param name="Value">The value.</param>
public sealed record ConfigEntry(string Key, SourcePosition KeyPosition, ConfigNode Value);
