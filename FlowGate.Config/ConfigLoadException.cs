namespace FlowGate.Config;

/// <summary>Thrown when a configuration cannot be loaded; carries every diagnostic, one per line in the message.</summary>
public sealed class ConfigLoadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigLoadException"/> class.</summary>
    public ConfigLoadException()
        : this("The configuration could not be loaded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigLoadException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ConfigLoadException(string message)
        : base(message) => Diagnostics = [];

    /// <summary>Initializes a new instance of the <see cref="ConfigLoadException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigLoadException(string message, Exception innerException)
        : base(message, innerException) => Diagnostics = [];

    /// <summary>Initializes a new instance of the <see cref="ConfigLoadException"/> class.</summary>
    /// <param name="diagnostics">The diagnostics of the failed load.</param>
    public ConfigLoadException(IReadOnlyList<ConfigDiagnostic> diagnostics)
        : base(Describe(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Gets every diagnostic of the failed load.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.Severity == ConfigSeverity.Error);
        return $"The configuration has {errors} error(s):\n" + string.Join("\n", diagnostics);
    }
}
