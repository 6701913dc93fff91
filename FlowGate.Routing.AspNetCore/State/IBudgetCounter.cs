using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// One target's per-minute request and token counts, against which its <c>rpm</c> / <c>tpm</c> budgets are judged
/// (the judging is the core's, <see cref="TargetBudgets"/>). In process by default; a shared store counts across
/// gateway replicas behind the same interface.
/// </summary>
internal interface IBudgetCounter
{
    /// <summary>Gets the current window's counts.</summary>
    /// <param name="now">The time.</param>
    /// <returns>The window in force at <paramref name="now"/>.</returns>
    BudgetWindow Read(DateTimeOffset now);

    /// <summary>Counts one attempt sent to the target.</summary>
    /// <param name="now">The time.</param>
    void CountRequest(DateTimeOffset now);

    /// <summary>Counts the tokens one of the target's answers reported.</summary>
    /// <param name="tokens">The tokens (every kind).</param>
    /// <param name="now">The time.</param>
    void CountTokens(long tokens, DateTimeOffset now);
}
