namespace FlowGate.Routing;

/// <summary>
/// A resolved secret (an upstream key or a gateway key). Its <see cref="ToString"/> never shows the value, so a
/// secret inside a record, a log message or an exception renders as <c>***</c>.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    /// <summary>Initializes a new instance of the <see cref="Secret"/> class.</summary>
    /// <param name="value">The secret value; must not be empty.</param>
    /// <param name="source">Where the value came from (for example <c>env:OPENAI_KEY</c>), safe to show.</param>
    public Secret(string value, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentNullException.ThrowIfNull(source);
        _value = value;
        Source = source;
    }

    /// <summary>Gets where the secret came from; never the value itself.</summary>
    public string Source { get; }

    /// <summary>Returns the secret value. Call only where the value leaves for its upstream.</summary>
    /// <returns>The plain value.</returns>
    public string Reveal() => _value;

    /// <inheritdoc/>
    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal) && Source == other.Source;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Secret);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(_value), Source);

    /// <summary>Returns <c>***</c> and the source, never the value.</summary>
    /// <returns>A redacted rendering.</returns>
    public override string ToString() => $"***({Source})";
}
