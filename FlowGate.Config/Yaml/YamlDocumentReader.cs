using FlowGate.Config.Documents;

namespace FlowGate.Config.Yaml;

/// <summary>Placeholder until the YAML reader lands (branch h2).</summary>
internal static class YamlDocumentReader
{
    public static ConfigTable Parse(string text, string file) => throw new NotSupportedException();
}
