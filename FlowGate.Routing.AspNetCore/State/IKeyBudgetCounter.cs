namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The tokens each named gateway key used in the current budget day, against which its daily budget is judged. In
/// process by default; a shared store counts across gateway replicas behind the same interface. Keys are counted by
/// name, never by value.
/// </summary>
internal interface IKeyBudgetCounter
{
    /// <summary>Gets the tokens a key used in the budget day that began at <paramref name="dayStart"/> (0 for another day).</summary>
    /// <param name="key">The key's name.</param>
    /// <param name="dayStart">The start of the budget day in force.</param>
    /// <returns>The tokens counted.</returns>
    long Used(string key, DateTimeOffset dayStart);

    /// <summary>Counts the tokens one of the key's answers reported.</summary>
    /// <param name="key">The key's name.</param>
    /// <param name="dayStart">The start of the budget day the answer counts in.</param>
    /// <param name="tokens">The tokens (every kind).</param>
    void CountTokens(string key, DateTimeOffset dayStart, long tokens);
}
