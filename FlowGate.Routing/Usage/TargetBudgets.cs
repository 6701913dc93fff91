using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.Usage;

/// <summary>
/// A target's per-minute budgets (<see cref="TargetConfig.RequestsPerMinute"/>, <see cref="TargetConfig.TokensPerMinute"/>)
/// judged against its current window. A target over either is not eligible until the window ends; it is kept out
/// like a target that sent <c>Retry-After</c>, so panic does not override it and, when every target is out, the
/// client gets 429 with <c>Retry-After</c> at the window's end.
/// </summary>
internal static class TargetBudgets
{
    /// <summary>Tells whether a target has budgets at all.</summary>
    /// <param name="config">The target's config.</param>
    /// <returns><see langword="true"/> when it has an <c>rpm</c> or a <c>tpm</c>.</returns>
    public static bool IsLimited(TargetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.RequestsPerMinute is not null || config.TokensPerMinute is not null;
    }

    /// <summary>Gets when a spent budget comes back, or <see langword="null"/> while the target is within its budgets.</summary>
    /// <param name="config">The target's config.</param>
    /// <param name="window">Its window, as counted.</param>
    /// <param name="now">The time.</param>
    /// <returns>The window's end when a budget is spent.</returns>
    public static DateTimeOffset? SpentUntil(TargetConfig config, BudgetWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        window = window.At(now);
        var spent = (config.RequestsPerMinute is { } rpm && window.Requests >= rpm) || (config.TokensPerMinute is { } tpm && window.Tokens >= tpm);
        return spent ? window.End : null;
    }

    /// <summary>
    /// Gets the share of its budgets a target has left, from 1 (untouched, or unlimited) to 0: the smaller of its
    /// requests and tokens shares. The <c>usage-based</c> policy prefers the target with the most left.
    /// </summary>
    /// <param name="config">The target's config.</param>
    /// <param name="window">Its window, as counted.</param>
    /// <param name="now">The time.</param>
    /// <returns>The share left.</returns>
    public static double Left(TargetConfig config, BudgetWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        window = window.At(now);
        var left = 1d;
        if (config.RequestsPerMinute is { } rpm and > 0)
        {
            left = Math.Min(left, Math.Max(0, rpm - window.Requests) / (double)rpm);
        }

        if (config.TokensPerMinute is { } tpm and > 0)
        {
            left = Math.Min(left, Math.Max(0, tpm - window.Tokens) / (double)tpm);
        }

        return left;
    }

    /// <summary>
    /// Gets a target's condition with its budgets applied: a spent budget is an ejection until the window's end, for an
    /// explicit rate limit. A longer ejection already in force is kept as it is.
    /// </summary>
    /// <param name="condition">The failure policy's condition of the target.</param>
    /// <param name="config">The target's config.</param>
    /// <param name="window">Its window, as counted.</param>
    /// <param name="now">The time.</param>
    /// <returns>The condition selection should see.</returns>
    public static TargetCondition Apply(TargetCondition condition, TargetConfig config, BudgetWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return SpentUntil(config, window, now) is { } end && condition.EjectedUntil < end
            ? condition with { EjectedUntil = end, ExplicitCause = FailureClass.RateLimit }
            : condition;
    }
}
