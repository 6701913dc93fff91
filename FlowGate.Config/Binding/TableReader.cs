using System.Globalization;
using FlowGate.Config.Documents;
using FlowGate.Routing;

namespace FlowGate.Config.Binding;

/// <summary>
/// Reads one table of a configuration document against a schema written as calls: every key asked for is a
/// known key, typed accessors report type and range errors at the value's position, and <see cref="Finish"/>
/// reports every key nobody asked for, with a "did you mean".
/// </summary>
internal sealed class TableReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Func<string, SourcePosition, string, string>? _interpolate;

    /// <param name="table">The table.</param>
    /// <param name="path">The table's key path.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="interpolate">Applied to every string read (agent-cli's <c>${VAR}</c>); <see cref="RawString"/> skips it.</param>
    public TableReader(ConfigTable table, string path, DiagnosticBag diagnostics, Func<string, SourcePosition, string, string>? interpolate = null)
    {
        Table = table;
        Path = path;
        Diagnostics = diagnostics;
        _interpolate = interpolate;
    }

    public ConfigTable Table { get; }

    public string Path { get; }

    public DiagnosticBag Diagnostics { get; }

    public SourcePosition Position => Table.Position;

    /// <summary>
    /// Gets the key paths of values a profile overlaid (<see cref="Profiles.ProfileOverlay"/>), so that an error in such a
    /// value names the profile's key (<c>profiles.cost.litellm_settings.num_retries</c>), not the base's; shared by children.
    /// </summary>
    public IReadOnlyDictionary<ConfigNode, string>? Origins { get; init; }

    public string PathOf(string key) =>
        Origins is not null && Table.TryGetEntry(key, out var entry) && Origins.TryGetValue(entry.Value, out var origin)
            ? origin
            : KeyPath.Child(Path, key);

    /// <summary>Marks keys as known without reading them (keys another reader handles, or legacy keys with no effect).</summary>
    public void Accept(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    public bool Has(string key)
    {
        _known.Add(key);
        return Table.TryGetEntry(key, out _);
    }

    public ConfigEntry? Entry(string key)
    {
        _known.Add(key);
        return Table.TryGetEntry(key, out var entry) ? entry : null;
    }

    public ConfigNode? Node(string key) => Entry(key)?.Value;

    /// <summary>Gets the position of a key's value, or of the table when the key is absent.</summary>
    public SourcePosition PositionOf(string key) => Table.TryGetEntry(key, out var entry) ? entry.Value.Position : Position;

    public string? String(string key) =>
        Scalar(key, ScalarKind.String, "a string") is { } s ? Interpolate((string)s.Value!, s.Position, PathOf(key)) : null;

    /// <summary>Reads a string as written, without <c>${VAR}</c> substitution (secret references resolve themselves).</summary>
    public string? RawString(string key) => Scalar(key, ScalarKind.String, "a string") is { } s ? (string)s.Value! : null;

    /// <summary>Creates a reader for a nested table that shares this reader's diagnostics and substitution.</summary>
    public TableReader Nested(ConfigTable table, string path) => new(table, path, Diagnostics, _interpolate) { Origins = Origins };

    public string String(string key, string fallback) => String(key) ?? fallback;

    public string? RequiredString(string key)
    {
        var value = String(key);
        if (value is null && !Table.TryGetEntry(key, out _))
        {
            Diagnostics.Error(Position, PathOf(key), "is required.");
        }
        else if (value is { Length: 0 })
        {
            Diagnostics.Error(PositionOf(key), PathOf(key), "must not be empty.");
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Boolean, Value: bool b }:
                return b;

            // agent-cli's generator coerced 0/1 and "true"/"yes"/"on"; accept what it accepted.
            case ConfigScalar { Kind: ScalarKind.Integer, Value: long l } when l is 0 or 1:
                return l == 1;
            case ConfigScalar { Kind: ScalarKind.String, Value: string s } when BoolWords.TryParse(s, out var parsed):
                return parsed;
            default:
                TypeError(key, node, "a boolean");
                return null;
        }
    }

    public bool Bool(string key, bool fallback) => Bool(key) ?? fallback;

    public long? Long(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Node(key);
        long value;
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Integer, Value: long l }:
                value = l;
                break;
            case ConfigScalar { Kind: ScalarKind.Float, Value: double d } when d == Math.Floor(d) && Math.Abs(d) < 9e15:
                value = (long)d;
                break;

            // ${VAR} substitution yields strings; a number written as text is still a number.
            case ConfigScalar { Kind: ScalarKind.String, Value: string s } when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            default:
                TypeError(key, node, "an integer");
                return null;
        }

        if (value < min || value > max)
        {
            var range = max == long.MaxValue ? $"at least {min}" : $"between {min} and {max}";
            Diagnostics.Error(node.Position, PathOf(key), $"must be {range}, not {value}.");
            return null;
        }

        return value;
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue) => (int?)Long(key, min, max);

    public double? Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Node(key);
        double value;
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Integer, Value: long l }:
                value = l;
                break;
            case ConfigScalar { Kind: ScalarKind.Float, Value: double d } when double.IsFinite(d):
                value = d;
                break;
            default:
                TypeError(key, node, "a number");
                return null;
        }

        if (value < min || value > max)
        {
            Diagnostics.Error(node.Position, PathOf(key), $"must be between {min} and {max}, not {value.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    /// <summary>Reads a duration written as a number of <paramref name="unit"/>s (keys such as <c>lb_auth_cooldown_ms</c>, <c>cooldown_time</c>).</summary>
    public TimeSpan? Duration(string key, TimeSpan unit, TimeSpan? max = null)
    {
        var limit = max ?? TimeSpan.FromDays(30);
        var value = Double(key, 0, limit / unit);
        return value is { } v ? unit * v : null;
    }

    public TableReader? Child(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigTable table:
                return Nested(table, PathOf(key));
            default:
                TypeError(key, node, "a table");
                return null;
        }
    }

    public ConfigArray? Array(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigArray array:
                return array;
            default:
                TypeError(key, node, "an array");
                return null;
        }
    }

    /// <summary>Reads an array of strings; a single string is taken as a one-item list where <paramref name="allowSingle"/>.</summary>
    public ValueArray<string> Strings(string key, bool allowSingle = false)
    {
        var node = Node(key);
        if (node is ConfigScalar { Kind: ScalarKind.String, Value: string single } && allowSingle)
        {
            return [Interpolate(single, node.Position, PathOf(key))];
        }

        if (Array(key) is not { } array)
        {
            return [];
        }

        var items = new List<string>(array.Items.Count);
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is ConfigScalar { Kind: ScalarKind.String, Value: string s })
            {
                items.Add(Interpolate(s, array.Items[i].Position, KeyPath.Index(PathOf(key), i)));
            }
            else
            {
                Diagnostics.Error(array.Items[i].Position, KeyPath.Index(PathOf(key), i), $"must be a string, not {array.Items[i].Describe()}.");
            }
        }

        return [.. items];
    }

    /// <summary>Reads a string that must be one of <paramref name="choices"/> (matched case-insensitively).</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        Diagnostics.Error(PositionOf(key), PathOf(key), $"unknown value '{text}'{NameSuggestions.DidYouMeanSuffix(text, choices.Keys)}; expected one of: {string.Join(", ", choices.Keys)}.");
        return null;
    }

    /// <summary>Reports every key of the table that no accessor asked for.</summary>
    public void Finish()
    {
        foreach (var entry in Table.Entries)
        {
            if (!_known.Contains(entry.Key))
            {
                var suggestion = NameSuggestions.DidYouMeanSuffix(entry.Key, _known);
                Diagnostics.Error(entry.KeyPosition, PathOf(entry.Key), $"unknown key{suggestion}.");
            }
        }
    }

    public void Error(string key, string message) => Diagnostics.Error(PositionOf(key), PathOf(key), message);

    public void Warning(string key, string message) => Diagnostics.Warning(PositionOf(key), PathOf(key), message);

    /// <summary>Reads an array of raw strings (for secret lists such as <c>api_keys</c>), each with its position.</summary>
    public List<(string Text, SourcePosition Position, string Path)> RawStrings(string key, bool allowSingle = false)
    {
        var items = new List<(string, SourcePosition, string)>();
        if (allowSingle && Node(key) is ConfigScalar { Kind: ScalarKind.String, Value: string single } node)
        {
            items.Add((single, node.Position, PathOf(key)));
            return items;
        }

        if (Array(key) is not { } array)
        {
            return items;
        }

        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is ConfigScalar { Kind: ScalarKind.String, Value: string s })
            {
                items.Add((s, array.Items[i].Position, KeyPath.Index(PathOf(key), i)));
            }
            else
            {
                Diagnostics.Error(array.Items[i].Position, KeyPath.Index(PathOf(key), i), $"must be a string, not {array.Items[i].Describe()}.");
            }
        }

        return items;
    }

    private string Interpolate(string text, SourcePosition position, string path) =>
        _interpolate is null || !text.Contains("${", StringComparison.Ordinal) ? text : _interpolate(text, position, path);

    private ConfigScalar? Scalar(string key, ScalarKind kind, string expected)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return null;
            case ConfigScalar scalar when scalar.Kind == kind:
                return scalar;

            // YAML writes `port: 8080` and `name: 123` alike; a number where text is expected is still text.
            case ConfigScalar { Kind: ScalarKind.Integer or ScalarKind.Float or ScalarKind.Boolean } scalar when kind == ScalarKind.String:
                return new ConfigScalar(scalar.Position, ScalarKind.String, Convert.ToString(scalar.Value, CultureInfo.InvariantCulture)?.ToLowerInvariant());
            default:
                TypeError(key, node, expected);
                return null;
        }
    }

    private void TypeError(string key, ConfigNode node, string expected) =>
        Diagnostics.Error(node.Position, PathOf(key), $"must be {expected}, not {node.Describe()}.");
}
