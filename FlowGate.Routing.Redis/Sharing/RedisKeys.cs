namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// The key design: every key and the channel start with the replicas' shared prefix; a target is named
/// <c>upstream/model</c>; the values are the same JSON messages the channel carries, so a resync reads them back as
/// if they had just been broadcast.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>Gets the pub/sub channel every change is broadcast on.</summary>
    public string Channel { get; } = prefix + ":events";

    /// <summary>Gets the pattern of every target condition key (for a resync scan).</summary>
    public string ConditionPattern { get; } = prefix + ":cond:*";

    /// <summary>Gets the pattern of every sticky binding key (for a resync scan).</summary>
    public string StickyPattern { get; } = prefix + ":sticky:*";

    /// <summary>A target's last known condition (expires after its ejection ends).</summary>
    public string Condition(TargetId target) => $"{prefix}:cond:{target}";

    /// <summary>Who probes a half-open target once the ejection ending at <paramref name="until"/> is over (SET NX).</summary>
    public string Probe(TargetId target, DateTimeOffset until) => $"{prefix}:probe:{target}:{until.UtcTicks}";

    /// <summary>A session's binding on a route (expires with the sticky time to live).</summary>
    public string Sticky(string session, string route) => $"{prefix}:sticky:{route.ToLowerInvariant()}:{session}";

    /// <summary>A target's requests (<c>r</c>) or tokens (<c>t</c>) in the minute starting at <paramref name="minute"/>.</summary>
    public string Budget(TargetId target, DateTimeOffset minute, char field) => $"{prefix}:budget:{target}:{minute.UtcTicks}:{field}";

    /// <summary>A named gateway key's tokens in the budget day starting at <paramref name="day"/>.</summary>
    public string KeyBudget(string key, DateTimeOffset day) => $"{prefix}:keybudget:{key}:{day.UtcTicks}";
}
