namespace FlowGate.Routing.Usage;

/// <summary>
/// Follows the usage a relayed SSE stream reports, in the upstream's protocol, without decoding the stream: only an
/// event whose data mentions <c>"usage"</c> is parsed, so text deltas cost one vectorised search and no allocation.
/// Counts are cumulative in every protocol: a later report replaces an earlier one count by count.
/// </summary>
/// <param name="protocol">The stream's protocol.</param>
internal sealed class StreamUsageMeter(ClientProtocol protocol)
{
    private TokenUsage _usage;

    /// <summary>Gets the usage reported so far.</summary>
    public TokenUsage Usage => _usage;

    /// <summary>Gets a value indicating whether the stream has reported any usage.</summary>
    public bool Reported { get; private set; }

    /// <summary>Looks at whole events (lines ending in a blank line), or at a last event whose blank line never came.</summary>
    /// <param name="events">The events' bytes.</param>
    public void Observe(ReadOnlySpan<byte> events)
    {
        if (events.IndexOf("\"usage\""u8) < 0)
        {
            return;
        }

        while (events.Length > 0)
        {
            var newline = events.IndexOf((byte)'\n');
            var line = (newline < 0 ? events : events[..newline]).TrimEnd((byte)'\r');
            events = newline < 0 ? [] : events[(newline + 1)..];
            if (line.StartsWith("data:"u8) && line.IndexOf("\"usage\""u8) >= 0)
            {
                Reported |= UsageReader.Merge(line[5..], protocol, ref _usage);
            }
        }
    }
}
