using FlowGate.Routing.AspNetCore.State;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// Named gateway keys' daily token counts across replicas: this replica's copy (its own counts plus the others'
/// broadcast increments, raised to Redis's total on each of its own), read without waiting for Redis.
/// </summary>
internal sealed class RedisKeyBudgetCounter(RedisSharedState shared) : IKeyBudgetCounter
{
    private readonly KeyBudgetCounter _local = new();

    public long Used(string key, DateTimeOffset dayStart) => _local.Used(key, dayStart);

    public void CountTokens(string key, DateTimeOffset dayStart, long tokens)
    {
        _local.CountTokens(key, dayStart, tokens);
        shared.CountKey(key, dayStart, tokens);
    }

    /// <summary>Adds another replica's increment.</summary>
    public void Add(string key, DateTimeOffset dayStart, long tokens) => _local.CountTokens(key, dayStart, tokens);

    /// <summary>Raises the copy to Redis's total.</summary>
    public void Raise(string key, DateTimeOffset dayStart, long total) => _local.Raise(key, dayStart, total);
}
