namespace FlowGate.Routing.Failures;

/// <summary>
/// Case-insensitive search for ASCII markers in raw UTF-8 bytes. Error bodies are only ever searched for a few
/// known markers, so there is no need to decode them, parse their JSON or run a regex over text an upstream controls.
/// </summary>
internal static class AsciiScanner
{
    /// <summary>Finds the first occurrence of <paramref name="needle"/>, ignoring ASCII case.</summary>
    /// <param name="haystack">The bytes to search.</param>
    /// <param name="needle">The marker: ASCII, lower case.</param>
    /// <returns>The index of the first match, or -1.</returns>
    public static int IndexOf(ReadOnlySpan<byte> haystack, string needle)
    {
        if (needle.Length == 0)
        {
            return 0;
        }

        var first = (byte)needle[0];
        var firstUpper = first is >= (byte)'a' and <= (byte)'z' ? (byte)(first - 0x20) : first;
        var lastStart = haystack.Length - needle.Length;
        var start = 0;
        while (start <= lastStart)
        {
            // Vectorised jump to the next candidate first byte; compare the rest by hand.
            var hit = haystack[start..(lastStart + 1)].IndexOfAny(first, firstUpper);
            if (hit < 0)
            {
                return -1;
            }

            start += hit;
            if (RestMatches(haystack.Slice(start, needle.Length), needle))
            {
                return start;
            }

            start++;
        }

        return -1;
    }

    /// <summary>Tells whether <paramref name="needle"/> occurs in <paramref name="haystack"/>, ignoring ASCII case.</summary>
    /// <param name="haystack">The bytes to search.</param>
    /// <param name="needle">The marker: ASCII, lower case.</param>
    /// <returns><see langword="true"/> when it occurs.</returns>
    public static bool Contains(ReadOnlySpan<byte> haystack, string needle) => IndexOf(haystack, needle) >= 0;

    /// <summary>Finds the first marker of a list that occurs in <paramref name="haystack"/>.</summary>
    /// <param name="haystack">The bytes to search.</param>
    /// <param name="needles">The markers in priority order: ASCII, lower case.</param>
    /// <returns>The first marker (by list order) that occurs, or <see langword="null"/>.</returns>
    public static string? FindFirst(ReadOnlySpan<byte> haystack, string[] needles)
    {
        foreach (var needle in needles)
        {
            if (IndexOf(haystack, needle) >= 0)
            {
                return needle;
            }
        }

        return null;
    }

    private static bool RestMatches(ReadOnlySpan<byte> candidate, string needle)
    {
        for (var i = 1; i < needle.Length; i++)
        {
            var b = candidate[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
            {
                b = (byte)(b | 0x20);
            }

            if (b != needle[i])
            {
                return false;
            }
        }

        return true;
    }
}
