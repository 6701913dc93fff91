namespace FlowGate.Config.Documents;

#pragma warning disable CA1720 // The members are named after TOML's own value types on purpose.

/// <summary>The type of a <see cref="ConfigScalar"/>: TOML's value types, plus YAML's null.</summary>
public enum ScalarKind
{
    /// <summary>Text; <see cref="ConfigScalar.Value"/> is a <see cref="string"/>.</summary>
    String,

    /// <summary>A 64-bit integer; <see cref="ConfigScalar.Value"/> is a <see cref="long"/>.</summary>
    Integer,

    /// <summary>A float; <see cref="ConfigScalar.Value"/> is a <see cref="double"/> (NaN and infinities included).</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>; <see cref="ConfigScalar.Value"/> is a <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>An offset date-time; <see cref="ConfigScalar.Value"/> is its RFC 3339 text (<c>T</c> separator, upper case).</summary>
    OffsetDateTime,

    /// <summary>A local date-time; <see cref="ConfigScalar.Value"/> is its text (<c>T</c> separator).</summary>
    LocalDateTime,

    /// <summary>A local date; <see cref="ConfigScalar.Value"/> is its text (<c>yyyy-MM-dd</c>).</summary>
    LocalDate,

    /// <summary>A local time; <see cref="ConfigScalar.Value"/> is its text.</summary>
    LocalTime,

    /// <summary>YAML's null (<c>~</c>, <c>null</c> or nothing); <see cref="ConfigScalar.Value"/> is <see langword="null"/>.</summary>
    Null,
}
