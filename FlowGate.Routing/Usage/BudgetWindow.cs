namespace FlowGate.Routing.Usage;

/// <summary>
/// One target's use of its per-minute budgets (<c>rpm</c>, <c>tpm</c>) in a fixed window: the UTC minute that began
/// at <see cref="Start"/>. A window that is not the current minute's counts as unused.
/// </summary>
/// <param name="Start">The start of the minute counted.</param>
/// <param name="Requests">The attempts sent to the target in it.</param>
/// <param name="Tokens">The tokens its answers reported in it (every kind).</param>
public readonly record struct BudgetWindow(DateTimeOffset Start, long Requests, long Tokens)
{
    /// <summary>Gets the window's length.</summary>
    public static TimeSpan Length { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets when the window ends and the budgets are whole again.</summary>
    public DateTimeOffset End => Start + Length;

    /// <summary>Gets the start of the window <paramref name="now"/> falls in.</summary>
    /// <param name="now">The time.</param>
    /// <returns>The start of its UTC minute.</returns>
    public static DateTimeOffset StartOf(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % Length.Ticks), TimeSpan.Zero);

    /// <summary>Gets this window as seen at <paramref name="now"/>: itself while it lasts, an empty current window after.</summary>
    /// <param name="now">The time.</param>
    /// <returns>The window in force.</returns>
    public BudgetWindow At(DateTimeOffset now)
    {
        var current = StartOf(now);
        return Start == current ? this : new BudgetWindow(current, 0, 0);
    }
}
