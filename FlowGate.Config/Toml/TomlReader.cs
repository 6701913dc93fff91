using FlowGate.Config.Documents;

namespace FlowGate.Config.Toml;

/// <summary>Placeholder until the TOML reader lands (branch h1).</summary>
public static class TomlReader
{
    /// <summary>Parses TOML.</summary>
    /// <param name="text">The text.</param>
    /// <param name="file">The file name for positions.</param>
    /// <returns>The root table.</returns>
    public static ConfigTable Parse(string text, string file) => throw new NotSupportedException();
}
