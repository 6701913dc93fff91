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

    /// <summary>Gets where the problem is, when known.</summary>
    public SourcePosition? Position { get; }

    /// <summary>Gets what is wrong, without the position.</summary>
    public string Reason { get; }
}
