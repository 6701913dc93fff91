namespace FlowGate.Routing;

/// <summary>
/// Finds the known name closest to an unknown one, for "did you mean" messages: unknown models, unknown route,
/// upstream or config key names. Case-insensitive edit distance; ties go to the earlier candidate.
/// </summary>
internal static class NameSuggestions
{
    /// <summary>The longest name a suggestion is searched for; a longer one gets none.</summary>
    private const int MaxNameLength = 1024;

    /// <summary>Gets the candidate closest to <paramref name="name"/>, however far.</summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="candidates">The known names.</param>
    /// <returns>The closest candidate, or <see langword="null"/> when there are none.</returns>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        if (name.Length > MaxNameLength)
        {
            // No known name is this long; comparing would cost the name's length times every candidate's.
            return null;
        }

        foreach (var candidate in candidates)
        {
            // The lengths' difference is a lower bound of the distance: a candidate that cannot win is not compared.
            if (Math.Abs(candidate.Length - name.Length) >= bestDistance)
            {
                continue;
            }

            var distance = Distance(name, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>
    /// Gets the closest candidate when it is close enough to be a plausible typo (at most a third of the name's
    /// length, and at least two, edits away); otherwise <see langword="null"/>.
    /// </summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="candidates">The known names.</param>
    /// <returns>A suggestion, or <see langword="null"/>.</returns>
    public static string? DidYouMean(string name, IEnumerable<string> candidates)
    {
        var closest = Closest(name, candidates);
        return closest is not null && Distance(name, closest) <= Math.Max(2, name.Length / 3) ? closest : null;
    }

    /// <summary>Formats a suggestion as <c> (did you mean 'x'?)</c>, or an empty string.</summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="candidates">The known names.</param>
    /// <returns>The suffix to append to an error message.</returns>
    public static string DidYouMeanSuffix(string name, IEnumerable<string> candidates) =>
        DidYouMean(name, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : string.Empty;

    /// <summary>Levenshtein distance, ignoring ASCII and invariant case.</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        Span<int> row = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, above + 1), diagonal + cost);
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
