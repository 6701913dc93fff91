namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Where recorded usage is kept: in memory, or in a file that survives restarts. Called from one writer at a time
/// (<see cref="UsageWriter"/>), never on a request's path; reads may come from any thread.
/// </summary>
internal interface IUsageLedger : IDisposable
{
    /// <summary>Adds a batch of answered requests to their rows.</summary>
    /// <param name="batch">The entries, oldest first.</param>
    void Add(IReadOnlyList<UsageEntry> batch);

    /// <summary>Gets every row from <paramref name="since"/> on (rolled-up month rows count from their first day).</summary>
    /// <param name="since">The first day wanted.</param>
    /// <returns>The rows.</returns>
    IReadOnlyList<UsageRow> Query(DateOnly since);

    /// <summary>
    /// Gets the tokens each gateway key used in the budget day that began at <paramref name="dayStart"/>, as far as this
    /// ledger kept them across restarts (a ledger that does not outlive the process has nothing to give back).
    /// </summary>
    /// <param name="dayStart">The start of the budget day in force.</param>
    /// <returns>The tokens per key name; keys without a count that day are absent.</returns>
    IReadOnlyDictionary<string, long> KeyBudgetTokens(DateTimeOffset dayStart);
}
