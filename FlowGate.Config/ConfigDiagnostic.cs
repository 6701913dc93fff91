using FlowGate.Config.Documents;

namespace FlowGate.Config;

/// <summary>
/// One problem found while loading a configuration, printed as <c>file:line:col: key.path: message</c>. The key path
/// is spelled as the file spells it (<c>routing."opus4.6"[1].weight</c>, <c>litellm_base.model_list[0].litellm_params.api_base</c>).
/// A message never contains a secret value.
/// </summary>
/// <param name="Severity">Whether the problem stops the load.</param>
/// <param name="Position">Where the offending key or value is.</param>
/// <param name="Path">The key path; empty for a problem with the whole file.</param>
/// <param name="Message">What is wrong, with a "did you mean" where one helps.</param>
public sealed record ConfigDiagnostic(ConfigSeverity Severity, SourcePosition Position, string Path, string Message)
{
    /// <summary>Returns <c>file:line:col: key.path: message</c> (warnings say so after the position).</summary>
    /// <returns>The diagnostic as compilers print one.</returns>
    public override string ToString()
    {
        var kind = Severity == ConfigSeverity.Warning ? "warning: " : string.Empty;
        var path = Path.Length == 0 ? string.Empty : Path + ": ";
        return $"{Position}: {kind}{path}{Message}";
    }
}
