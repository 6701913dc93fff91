using FlowGate.Routing.Health;

namespace FlowGate.Routing.Selection;

/// <summary>Ready-made <see cref="ITargetHealthView"/> values.</summary>
internal static class TargetHealth
{
    /// <summary>Gets a view in which every target is healthy and idle (no cool-downs, nothing in flight).</summary>
    public static ITargetHealthView AllHealthy { get; } = new HealthyView();

    private sealed class HealthyView : ITargetHealthView
    {
        public DateTimeOffset CooldownUntil(int ordinal) => DateTimeOffset.MinValue;

        public int InFlight(int ordinal) => 0;

        public TargetCondition Condition(int ordinal) => TargetCondition.Healthy;
    }
}
