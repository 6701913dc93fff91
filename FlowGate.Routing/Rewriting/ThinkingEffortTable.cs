namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Maps a thinking budget (tokens) to a reasoning effort and back. The defaults are CLIProxyAPI's: 0 none,
/// ≤512 minimal, ≤1024 low, ≤8192 medium, ≤24576 high, above that xhigh; and minimal 512, low 1024, medium
/// 8192, high 24576, xhigh 32768, max 128000 the other way.
/// </summary>
internal sealed record ThinkingEffortTable
{
    /// <summary>Gets the default table.</summary>
    public static ThinkingEffortTable Default { get; } = new();

    /// <summary>Gets the budget-to-effort steps: a budget up to and including <see cref="EffortStep.MaxBudget"/> maps to its effort.</summary>
    public ValueArray<EffortStep> BudgetToEffort { get; init; } =
    [
        new("none", 0),
        new("minimal", 512),
        new("low", 1024),
        new("medium", 8192),
        new("high", 24576),
    ];

    /// <summary>Gets the effort used for budgets above every step.</summary>
    /// <value>The default value is <c>xhigh</c>.</value>
    public string AboveAllEffort { get; init; } = "xhigh";

    /// <summary>Gets the budget each effort maps to when an effort has to become a budget.</summary>
    public ValueArray<EffortStep> EffortToBudget { get; init; } =
    [
        new("none", 0),
        new("minimal", 512),
        new("low", 1024),
        new("medium", 8192),
        new("high", 24576),
        new("xhigh", 32768),
        new("max", 128000),
    ];

    /// <summary>Maps a budget to an effort.</summary>
    /// <param name="budgetTokens">The thinking budget in tokens.</param>
    /// <returns>The effort name.</returns>
    public string EffortFor(int budgetTokens)
    {
        foreach (var step in BudgetToEffort)
        {
            if (budgetTokens <= step.MaxBudget)
            {
                return step.Effort;
            }
        }

        return AboveAllEffort;
    }

    /// <summary>Maps an effort to a budget.</summary>
    /// <param name="effort">The effort name (case-insensitive).</param>
    /// <returns>The budget, or <see langword="null"/> for an unknown effort.</returns>
    public int? BudgetFor(string effort)
    {
        foreach (var step in EffortToBudget)
        {
            if (string.Equals(step.Effort, effort, StringComparison.OrdinalIgnoreCase))
            {
                return step.MaxBudget;
            }
        }

        return null;
    }
}
