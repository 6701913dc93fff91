using Tomlyn.Syntax;

namespace FlowGate.Config.Toml;

/// <summary>Turns Tomlyn's diagnostics into FlowGate's, adding a hint to the mistakes operators make most.</summary>
internal static class TomlDiagnostics
{
    public static IReadOnlyList<ConfigDiagnostic> Errors(DocumentSyntax document, string file)
    {
        var found = document.Diagnostics
            .Where(m => m.Kind == DiagnosticMessageKind.Error)
            .Select(m => new ConfigDiagnostic(ConfigSeverity.Error, TomlDocumentBuilder.PositionOf(m.Span.Start, file), string.Empty, WithHint(m.Message)))
            .OrderBy(e => e.Position.Line)
            .ThenBy(e => e.Position.Column);

        // In the file's order; one mistake often leaves a trail of follow-on errors later on its line, and the first says it.
        var errors = new List<ConfigDiagnostic>();
        foreach (var error in found)
        {
            if (errors.Count == 0 || errors[^1].Position.Line != error.Position.Line)
            {
                errors.Add(error);
            }
        }

        return errors;
    }

    private static string WithHint(string message)
    {
        var reason = message.TrimEnd('.');

        // Tomlyn quotes the offending text; a bare word where a value belongs may be an unquoted secret, and the first
        // definition of a duplicate key may hold one: neither reaches a message.
        if (reason.StartsWith("Unexpected token `", StringComparison.Ordinal) && reason.EndsWith("` for a value", StringComparison.Ordinal))
        {
            return "expected a value (strings must be quoted)";
        }

        var with = reason.IndexOf(" with `", StringComparison.Ordinal);
        var end = reason.LastIndexOf("` and cannot be redefined", StringComparison.Ordinal);
        return with >= 0 && end > with ? string.Concat(reason.AsSpan(0, with), reason.AsSpan(end + 1)) : reason;
    }
}
