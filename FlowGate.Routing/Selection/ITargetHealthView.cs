using FlowGate.Routing.Health;

namespace FlowGate.Routing.Selection;

/// <summary>
/// The host's view of its per-target state at the moment of a decision, indexed by
/// <see cref="RouteTarget.Ordinal"/>. The core only reads it; the host keeps the state (in bounded, thread-safe
/// structures) and updates it with the effects the core returns.
/// </summary>
public interface ITargetHealthView
{
    /// <summary>Gets when the target's ejection ends; <see cref="DateTimeOffset.MinValue"/> when it has none.</summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The end of the ejection.</returns>
    DateTimeOffset CooldownUntil(int ordinal);

    /// <summary>Gets the number of requests in flight to the target.</summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The in-flight count.</returns>
    int InFlight(int ordinal);

    /// <summary>Gets the target's use of its per-minute budgets; a view that does not count reports none.</summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The current window.</returns>
    Usage.BudgetWindow Budget(int ordinal) => default;

    /// <summary>
    /// Gets the target's full failure-policy condition. A view that keeps only ejection ends reports each as an
    /// ejection for transient failures (which panic may override).
    /// </summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The condition.</returns>
    TargetCondition Condition(int ordinal) =>
        CooldownUntil(ordinal) is var until && until == DateTimeOffset.MinValue ? TargetCondition.Healthy : new TargetCondition { EjectedUntil = until, Ejections = 1 };
}
