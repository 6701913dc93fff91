namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The day a gateway key's daily budget counts: it begins at the configured UTC time of day (midnight by default) and
/// lasts 24 hours; the key's budget is whole again when the next one begins.
/// </summary>
internal static class BudgetDay
{
    /// <summary>Gets when the budget day <paramref name="now"/> falls in began.</summary>
    /// <param name="now">The time.</param>
    /// <param name="dayStart">The UTC time of day budget days begin.</param>
    /// <returns>The day's start, in UTC.</returns>
    public static DateTimeOffset StartOf(DateTimeOffset now, TimeSpan dayStart)
    {
        var utc = now.UtcDateTime;
        var start = utc.Date + dayStart;
        return new DateTimeOffset(start > utc ? start.AddDays(-1) : start, TimeSpan.Zero);
    }

    /// <summary>Gets when the next budget day begins after <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <param name="dayStart">The UTC time of day budget days begin.</param>
    /// <returns>The next day's start, in UTC.</returns>
    public static DateTimeOffset NextStart(DateTimeOffset now, TimeSpan dayStart) => StartOf(now, dayStart).AddDays(1);
}
