namespace FlowGate.Routing.Validation;

/// <summary>Thrown when a <see cref="RoutingConfig"/> cannot be used; carries every error found, not just the first.</summary>
public sealed class RoutingConfigException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RoutingConfigException"/> class.</summary>
    public RoutingConfigException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RoutingConfigException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RoutingConfigException(string message)
        : base(message) => Errors = [];

    /// <summary>Initializes a new instance of the <see cref="RoutingConfigException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RoutingConfigException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Initializes a new instance of the <see cref="RoutingConfigException"/> class.</summary>
    /// <param name="errors">The errors found.</param>
    public RoutingConfigException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Gets every error found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0
            ? "The routing configuration is invalid."
            : $"The routing configuration has {errors.Count} error(s):\n" + string.Join("\n", errors);
}
