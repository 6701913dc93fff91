using FlowGate.Config.Documents;

namespace FlowGate.Config.Secrets;

/// <summary>
/// Reads a <c>.env</c> file: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export </c> prefix, and values
/// optionally in single or double quotes. Malformed lines are reported by position, never with their value.
/// </summary>
internal static class EnvFile
{
    public static Dictionary<string, string> Parse(string text, string file, List<ConfigDiagnostic> problems)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? line[..eq].Trim() : string.Empty;
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add(new ConfigDiagnostic(ConfigSeverity.Warning, new SourcePosition(file, lineNumber, 1), string.Empty, "ignored: not a KEY=VALUE line."));
                continue;
            }

            values[key] = Unquote(line[(eq + 1)..].Trim());
        }

        return values;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
