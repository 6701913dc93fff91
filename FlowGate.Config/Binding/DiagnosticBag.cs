using FlowGate.Config.Documents;

namespace FlowGate.Config.Binding;

/// <summary>Collects every diagnostic of one load, so that all errors are reported at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == ConfigSeverity.Error);

    public void Error(SourcePosition position, string path, string message) =>
        _items.Add(new ConfigDiagnostic(ConfigSeverity.Error, position, path, message));

    public void Warning(SourcePosition position, string path, string message) =>
        _items.Add(new ConfigDiagnostic(ConfigSeverity.Warning, position, path, message));
}
