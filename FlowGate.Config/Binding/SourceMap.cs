using FlowGate.Config.Documents;
using FlowGate.Routing.Validation;

namespace FlowGate.Config.Binding;

/// <summary>
/// Remembers, for each path of the built <see cref="Routing.RoutingConfig"/> (<c>routes["opus"].targets[1]</c>), where
/// it was written and how the file spells it, so the core validator's errors come out as <c>file:line:col: key.path</c>.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, (SourcePosition Position, string FilePath)> _entries = new(StringComparer.Ordinal);
    private readonly SourcePosition _fileStart;

    public SourceMap(SourcePosition fileStart) => _fileStart = fileStart;

    public void Record(string routingPath, SourcePosition position, string filePath) => _entries[routingPath] = (position, filePath);

    public bool Contains(string routingPath) => _entries.ContainsKey(routingPath);

    /// <summary>Maps an error by the longest recorded prefix of its path; the rest of the path is kept as written.</summary>
    public ConfigDiagnostic Map(ConfigError error)
    {
        var path = error.Path;
        var cut = path.Length;
        while (true)
        {
            if (_entries.TryGetValue(path[..cut], out var hit))
            {
                return new ConfigDiagnostic(ConfigSeverity.Error, hit.Position, hit.FilePath + path[cut..], error.Message);
            }

            cut = LastSegmentStart(path, cut);
            if (cut <= 0)
            {
                return new ConfigDiagnostic(ConfigSeverity.Error, _fileStart, path, error.Message);
            }
        }
    }

    private static int LastSegmentStart(string path, int end)
    {
        var inQuotes = false;
        for (var i = end - 1; i >= 0; i--)
        {
            var c = path[i];
            if (c == '"' && (i == 0 || path[i - 1] != '\\'))
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && (c == '.' || c == '['))
            {
                return i;
            }
        }

        return 0;
    }
}
