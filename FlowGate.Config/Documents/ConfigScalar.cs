namespace FlowGate.Config.Documents;

/// <summary>A single value: text, number, boolean, date/time, or YAML null.</summary>
public sealed class ConfigScalar : ConfigNode
{
    /// <summary>Initializes a new instance of the <see cref="ConfigScalar"/> class.</summary>
    /// <param name="position">Where the value starts.</param>
    /// <param name="kind">The value's type.</param>
    /// <param name="value">The value, typed as <see cref="ScalarKind"/> describes.</param>
    public ConfigScalar(SourcePosition position, ScalarKind kind, object? value)
        : base(position)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>Gets the value's type.</summary>
    public ScalarKind Kind { get; }

    /// <summary>Gets the value: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see langword="null"/>.</summary>
    public object? Value { get; }

    /// <inheritdoc/>
    public override string Describe() => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Integer => "an integer",
        ScalarKind.Float => "a float",
        ScalarKind.Boolean => "a boolean",
        ScalarKind.Null => "null",
        _ => "a date/time",
    };
}
