namespace FlowGate.Config;

/// <summary>Checks a configuration file without keeping it: what <c>xgate config validate</c> prints.</summary>
public static class ConfigValidator
{
    /// <summary>Loads the file and returns every error and warning.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to load.</param>
    /// <returns>The diagnostics; no errors means the file is usable.</returns>
    public static IReadOnlyList<ConfigDiagnostic> Validate(string path, ConfigLoadOptions? options = null) =>
        ConfigLoader.Load(path, options).Diagnostics;
}
