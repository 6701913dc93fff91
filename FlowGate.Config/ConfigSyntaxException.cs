using FlowGate.Config.Documents;

namespace FlowGate.Config;

/// <summary>Thrown when a configuration file is not well-formed TOML, YAML or JSON; says where and why.</summary>
public sealed class ConfigSyntaxException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigSyntaxException"/> class.</summary>
    public ConfigSyntaxException()
        : this("The configuration file is not well-formed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigSyntaxException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ConfigSyntaxException(string message)
        : base(message) => Reason = message;

    /// <summary>Initializes a new instance of the <see cref="ConfigSyntaxException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigSyntaxException(string message, Exception innerException)
        : base(message, innerException) => Reason = message;

    /// <summary>Initializes a new instance of the <see cref="ConfigSyntaxException"/> class.</summary>
    /// <param name="position">Where the problem is.</param>
    /// <param name="reason">What is wrong, without the position.</param>
    public ConfigSyntaxException(SourcePosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigSyntaxException"/> class with every error found.</summary>
    /// <param name="errors">The errors, in the order of the file; the first gives <see cref="Position"/> and <see cref="Reason"/>.</param>
    public ConfigSyntaxException(IReadOnlyList<ConfigDiagnostic> errors)
        : this(First(errors).Position, First(errors).Message) => Errors = errors;

    /// <summary>Gets every error found (at least the one at <see cref="Position"/>, when it is known).</summary>
    public IReadOnlyList<ConfigDiagnostic> Errors { get => field ?? (Position is { } at ? [new ConfigDiagnostic(ConfigSeverity.Error, at, string.Empty, Reason)] : []); private init; }

    /// <summary>Gets where the problem is, when known.</summary>
    public SourcePosition? Position { get; }

    /// <summary>Gets what is wrong, without the position.</summary>
    public string Reason { get; }

    private static ConfigDiagnostic First(IReadOnlyList<ConfigDiagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count > 0 ? errors[0] : throw new ArgumentException("At least one error is needed.", nameof(errors));
    }
}
