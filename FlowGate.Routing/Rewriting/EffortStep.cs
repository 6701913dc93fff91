namespace FlowGate.Routing.Rewriting;

/// <summary>One row of a <see cref="ThinkingEffortTable"/>.</summary>
/// <param name="Effort">The effort name.</param>
/// <param name="MaxBudget">The budget the row stands for: the upper bound when mapping a budget to an effort, the budget itself the other way.</param>
internal readonly record struct EffortStep(string Effort, int MaxBudget);
