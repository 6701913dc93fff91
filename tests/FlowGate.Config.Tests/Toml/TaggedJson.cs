using System.Globalization;
using System.Text.Json.Nodes;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Tests.Toml;

/// <summary>
/// toml-test's tagged JSON: every scalar is <c>{"type": ..., "value": ...}</c>, tables are objects, arrays are arrays.
/// Converts a parsed document to it and compares two such trees semantically (objects unordered, numbers and
/// date/times by value).
/// </summary>
internal static class TaggedJson
{
    public static JsonNode ToJson(ConfigNode node) => node switch
    {
        ConfigTable table => ToObject(table),
        ConfigArray array => new JsonArray(array.Items.Select(ToJson).ToArray()),
        ConfigScalar scalar => new JsonObject { ["type"] = TypeOf(scalar.Kind), ["value"] = TextOf(scalar) },
        _ => throw new ArgumentException($"Unexpected node {node.GetType().Name}.", nameof(node)),
    };

    /// <summary>Returns where and how the trees differ, or <see langword="null"/> when they agree.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (IsScalar(expected, out var expectedType, out var expectedValue))
        {
            if (!IsScalar(actual, out var actualType, out var actualValue))
            {
                return $"{path}: expected a {expectedType} scalar, got {actual?.ToJsonString() ?? "nothing"}";
            }

            if (expectedType != actualType)
            {
                return $"{path}: expected type {expectedType}, got {actualType} ({actualValue})";
            }

            return SameValue(expectedType, expectedValue, actualValue) ? null : $"{path}: expected {expectedType} '{expectedValue}', got '{actualValue}'";
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject || IsScalar(actual, out _, out _))
                {
                    return $"{path}: expected a table, got {actual?.ToJsonString() ?? "nothing"}";
                }

                var missing = expectedObject.Select(p => p.Key).Except(actualObject.Select(p => p.Key), StringComparer.Ordinal).ToList();
                var extra = actualObject.Select(p => p.Key).Except(expectedObject.Select(p => p.Key), StringComparer.Ordinal).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                {
                    return $"{path}: keys differ (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", extra)})";
                }

                foreach (var (key, value) in expectedObject)
                {
                    var difference = Difference(value, actualObject[key], $"{path}.{key}");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {actual?.ToJsonString() ?? "nothing"}";
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    var difference = Difference(expectedArray[i], actualArray[i], $"{path}[{i}]");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return $"{path}: unexpected JSON in the expected file: {expected?.ToJsonString()}";
        }
    }

    private static JsonObject ToObject(ConfigTable table)
    {
        var result = new JsonObject();
        foreach (var entry in table.Entries)
        {
            result[entry.Key] = ToJson(entry.Value);
        }

        return result;
    }

    private static string TypeOf(ScalarKind kind) => kind switch
    {
        ScalarKind.String => "string",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "float",
        ScalarKind.Boolean => "bool",
        ScalarKind.OffsetDateTime => "datetime",
        ScalarKind.LocalDateTime => "datetime-local",
        ScalarKind.LocalDate => "date-local",
        ScalarKind.LocalTime => "time-local",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "TOML has no such type."),
    };

    private static string TextOf(ConfigScalar scalar) => scalar.Value switch
    {
        string text => text,
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        double d when double.IsNaN(d) => "nan",
        double d when double.IsPositiveInfinity(d) => "inf",
        double d when double.IsNegativeInfinity(d) => "-inf",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new ArgumentException($"Unexpected value {scalar.Value} for {scalar.Kind}.", nameof(scalar)),
    };

    private static bool IsScalar(JsonNode? node, out string type, out string value)
    {
        type = value = string.Empty;
        if (node is JsonObject obj && obj.Count == 2 && obj["type"] is JsonValue t && obj["value"] is JsonValue v
            && t.TryGetValue<string>(out var typeText) && v.TryGetValue<string>(out var valueText))
        {
            type = typeText;
            value = valueText;
            return true;
        }

        return false;
    }

    private static bool SameValue(string type, string expected, string actual) => type switch
    {
        "integer" => long.Parse(expected, CultureInfo.InvariantCulture) == long.Parse(actual, CultureInfo.InvariantCulture),
        "float" => SameFloat(ParseFloat(expected), ParseFloat(actual)),
        "datetime" or "datetime-local" or "date-local" or "time-local" => NormaliseDateTime(expected) == NormaliseDateTime(actual),
        _ => string.Equals(expected, actual, StringComparison.Ordinal),
    };

    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static bool SameFloat(double expected, double actual) =>
        (double.IsNaN(expected) && double.IsNaN(actual))
        || expected == actual
        || (double.IsFinite(expected) && Math.Abs(expected - actual) <= Math.Abs(expected) * 1e-15);

    // Date/times compare as written up to spelling: 'T' or space, letter case, trailing fractional zeros, Z for +00:00.
    private static string NormaliseDateTime(string text)
    {
        var value = text.ToUpperInvariant();
        if (value.Length > 10 && value[10] == ' ')
        {
            value = string.Concat(value.AsSpan(0, 10), "T", value.AsSpan(11));
        }

        if (value.EndsWith("+00:00", StringComparison.Ordinal) || value.EndsWith("-00:00", StringComparison.Ordinal))
        {
            value = value[..^6] + "Z";
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            var fraction = value[(dot + 1)..end].TrimEnd('0');
            value = value[..dot] + (fraction.Length > 0 ? "." + fraction : string.Empty) + value[end..];
        }

        return value;
    }
}
