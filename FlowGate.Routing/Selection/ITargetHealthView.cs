namespace FlowGate.Routing.Selection;

/// <summary>
/// The host's view of its per-target state at the moment of a decision, indexed by
/// <see cref="RouteTarget.Ordinal"/>. The core only reads it; the host keeps the state (in bounded, thread-safe
/// structures) and updates it from attempt outcomes.
/// </summary>
public interface ITargetHealthView
{
    /// <summary>Gets when the target's cool-down ends; <see cref="DateTimeOffset.MinValue"/> when it has none.</summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The end of the cool-down.</returns>
    DateTimeOffset CooldownUntil(int ordinal);

    /// <summary>Gets the number of requests in flight to the target.</summary>
    /// <param name="ordinal">The target's ordinal.</param>
    /// <returns>The in-flight count.</returns>
    int InFlight(int ordinal);
}
