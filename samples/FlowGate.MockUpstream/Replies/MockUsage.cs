namespace FlowGate.MockUpstream.Replies;

/// <summary>
/// Token counts a test chose for a reply (the <c>x-mock-usage</c> header: <c>input,output,cache_read,cache_write,reasoning</c>).
/// Input excludes the cached tokens; each protocol reports the counts it can say (OpenAI has no cache writes, Anthropic
/// no reasoning count).
/// </summary>
internal sealed record MockUsage(int Input, int Output, int CacheRead, int CacheWrite, int Reasoning)
{
    /// <summary>Parses the header value; null when it is not five non-negative integers.</summary>
    public static MockUsage? Parse(string? value)
    {
        var parts = value?.Split(',', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 5 })
        {
            return null;
        }

        var numbers = new int[5];
        for (var i = 0; i < 5; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return new MockUsage(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
    }
}
