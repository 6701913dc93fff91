namespace FlowGate.Routing.Resolution;

/// <summary>Case-insensitive glob matching where <c>*</c> matches any run of characters, without allocating.</summary>
internal static class WildcardPattern
{
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Greedy two-pointer match with backtracking to the last star: linear in practice, never exponential.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// Orders patterns most specific first: more literal characters first, then fewer stars; equal patterns
    /// keep configuration order (the sort using this is stable).
    /// </summary>
    public static int CompareSpecificity(string x, string y)
    {
        var literals = Literals(y).CompareTo(Literals(x));
        return literals != 0 ? literals : Stars(x).CompareTo(Stars(y));
    }

    private static int Stars(string pattern) => pattern.AsSpan().Count('*');

    private static int Literals(string pattern) => pattern.Length - Stars(pattern);
}
