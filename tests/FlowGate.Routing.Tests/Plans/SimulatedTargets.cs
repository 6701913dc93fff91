using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;
using FlowGate.Routing.Selection;

namespace FlowGate.Routing.Tests.Plans;

/// <summary>A host's target state in memory: conditions by ordinal, changed only by applying the core's effects.</summary>
internal sealed class SimulatedTargets(int count, FailurePolicy policy) : ITargetHealthView
{
    private readonly TargetCondition[] _conditions = Enumerable.Repeat(TargetCondition.Healthy, count).ToArray();

    public List<(int Ordinal, TimeSpan Length)> Ejections { get; } = [];

    public DateTimeOffset CooldownUntil(int ordinal) => _conditions[ordinal].EjectedUntil;

    public int InFlight(int ordinal) => 0;

    public TargetCondition Condition(int ordinal) => _conditions[ordinal];

    public void Apply(IEnumerable<TargetEffect> effects)
    {
        foreach (var effect in effects)
        {
            if (effect.Kind == TargetEffectKind.UnbindSticky)
            {
                continue;
            }

            var (next, ejected) = TargetConditions.Apply(_conditions[effect.Ordinal], effect, policy);
            if (ejected)
            {
                Ejections.Add((effect.Ordinal, next.EjectedUntil - effect.At));
            }

            _conditions[effect.Ordinal] = next;
        }
    }
}
