using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// A target's rpm/tpm counts across replicas. Reads are this replica's copy: its own counts plus the others' increments
/// as they arrive over pub/sub, raised to the shared total whenever Redis answers an increment. So a budget is judged
/// against the total as of a pub/sub hop ago; requests racing within that hop on different replicas may overshoot it.
/// </summary>
internal sealed class RedisBudgetCounter(TargetId target, RedisSharedState shared) : IBudgetCounter
{
    private readonly BudgetCounter _local = new();

    public BudgetWindow Read(DateTimeOffset now) => _local.Read(now);

    public void CountRequest(DateTimeOffset now)
    {
        _local.CountRequest(now);
        shared.Count(target, now, 'r', 1);
    }

    public void CountTokens(long tokens, DateTimeOffset now)
    {
        _local.CountTokens(tokens, now);
        shared.Count(target, now, 't', tokens);
    }

    /// <summary>Adds another replica's increment to the minute starting at <paramref name="minute"/>.</summary>
    public void Add(DateTimeOffset minute, char field, long amount) =>
        _local.Add(minute, field == 'r' ? amount : 0, field == 't' ? amount : 0);

    /// <summary>Raises the copy to a shared total of the minute starting at <paramref name="minute"/>.</summary>
    public void Raise(DateTimeOffset minute, char field, long total) =>
        _local.Raise(minute, field == 'r' ? total : 0, field == 't' ? total : 0);
}
