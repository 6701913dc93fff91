using System.Globalization;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// The tag set of one series, up to <see cref="MaxTags"/> name/value pairs in the order they were recorded. A value
/// type so that looking a series up allocates nothing; string tag values are kept as they are.
/// </summary>
internal readonly struct SeriesKey : IEquatable<SeriesKey>
{
    public const int MaxTags = 4;

    private readonly string? _n0, _v0, _n1, _v1, _n2, _v2, _n3, _v3;

    private SeriesKey(int count, string? n0, string? v0, string? n1, string? v1, string? n2, string? v2, string? n3, string? v3)
    {
        Count = count;
        (_n0, _v0, _n1, _v1, _n2, _v2, _n3, _v3) = (n0, v0, n1, v1, n2, v2, n3, v3);
    }

    public int Count { get; }

    /// <summary>Makes the key of a tag set; <see langword="false"/> when it has more than <see cref="MaxTags"/> tags.</summary>
    public static bool TryCreate(ReadOnlySpan<KeyValuePair<string, object?>> tags, out SeriesKey key)
    {
        if (tags.Length > MaxTags)
        {
            key = default;
            return false;
        }

        key = new SeriesKey(
            tags.Length,
            tags.Length > 0 ? tags[0].Key : null,
            tags.Length > 0 ? ValueOf(tags[0].Value) : null,
            tags.Length > 1 ? tags[1].Key : null,
            tags.Length > 1 ? ValueOf(tags[1].Value) : null,
            tags.Length > 2 ? tags[2].Key : null,
            tags.Length > 2 ? ValueOf(tags[2].Value) : null,
            tags.Length > 3 ? tags[3].Key : null,
            tags.Length > 3 ? ValueOf(tags[3].Value) : null);
        return true;
    }

    /// <summary>Gets the tag at <paramref name="index"/>.</summary>
    public (string Name, string Value) this[int index] => index switch
    {
        0 => (_n0!, _v0!),
        1 => (_n1!, _v1!),
        2 => (_n2!, _v2!),
        3 => (_n3!, _v3!),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public bool Equals(SeriesKey other) =>
        Count == other.Count
        && string.Equals(_n0, other._n0, StringComparison.Ordinal) && string.Equals(_v0, other._v0, StringComparison.Ordinal)
        && string.Equals(_n1, other._n1, StringComparison.Ordinal) && string.Equals(_v1, other._v1, StringComparison.Ordinal)
        && string.Equals(_n2, other._n2, StringComparison.Ordinal) && string.Equals(_v2, other._v2, StringComparison.Ordinal)
        && string.Equals(_n3, other._n3, StringComparison.Ordinal) && string.Equals(_v3, other._v3, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Count, _n0, _v0, _v1, _v2, _v3);

    // Non-string values (an int status a caller boxed) allocate their text; FlowGateMetrics passes strings only.
    private static string ValueOf(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
