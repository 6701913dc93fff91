namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Requests, errors and tokens per minute over the last hour, for the status page's charts: a fixed ring of
/// <see cref="Minutes"/> buckets, each stamped with its minute, so it never grows and a quiet minute reads as zero.
/// </summary>
internal sealed class UsageTimeline
{
    public const int Minutes = 60;

    private static readonly long TicksPerMinute = TimeSpan.TicksPerMinute;

    private readonly Lock _gate = new();
    private readonly Bucket[] _ring = new Bucket[Minutes];

    /// <summary>Counts one finished request in the minute it finished.</summary>
    /// <param name="at">When it finished.</param>
    /// <param name="failed">Whether it ended in an error (a 5xx, a 429, or a break after the answer began).</param>
    /// <param name="tokens">The tokens its answer reported.</param>
    public void Add(DateTimeOffset at, bool failed, long tokens)
    {
        var minute = at.UtcTicks / TicksPerMinute;
        lock (_gate)
        {
            ref var bucket = ref _ring[minute % Minutes];
            if (bucket.Minute != minute)
            {
                bucket = new Bucket { Minute = minute };
            }

            bucket.Requests++;
            bucket.Errors += failed ? 1 : 0;
            bucket.Tokens += tokens;
        }
    }

    /// <summary>Gets the last hour's minutes, oldest first, ending with the one <paramref name="now"/> falls in.</summary>
    public IReadOnlyList<(DateTimeOffset Start, long Requests, long Errors, long Tokens)> Snapshot(DateTimeOffset now)
    {
        var current = now.UtcTicks / TicksPerMinute;
        var result = new (DateTimeOffset, long, long, long)[Minutes];
        lock (_gate)
        {
            for (var i = 0; i < Minutes; i++)
            {
                var minute = current - (Minutes - 1) + i;
                var bucket = _ring[((minute % Minutes) + Minutes) % Minutes];
                var start = new DateTimeOffset(minute * TicksPerMinute, TimeSpan.Zero);
                result[i] = bucket.Minute == minute ? (start, bucket.Requests, bucket.Errors, bucket.Tokens) : (start, 0, 0, 0);
            }
        }

        return result;
    }

    private struct Bucket
    {
        public long Minute;
        public long Requests;
        public long Errors;
        public long Tokens;
    }
}
