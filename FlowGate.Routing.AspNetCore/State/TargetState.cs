using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The mutable, thread-safe state of one target: its failure-policy condition (an immutable value, swapped under this
/// target's own lock) and its requests in flight.
/// </summary>
internal sealed class TargetState
{
    private readonly Lock _gate = new();
    private TargetCondition _condition = TargetCondition.Healthy;
    private int _inFlight;

    public TargetCondition Condition => Volatile.Read(ref _condition);

    public DateTimeOffset CooldownUntil => Condition.EjectedUntil;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Starts a probe unless one is already out (checked and started under this target's lock).</summary>
    /// <returns><see langword="true"/> when this call started the probe.</returns>
    public bool TryStartProbe(TargetEffect effect, FailurePolicy policy)
    {
        lock (_gate)
        {
            if (_condition.IsProbing(effect.At))
            {
                return false;
            }

            Volatile.Write(ref _condition, TargetConditions.Apply(_condition, effect, policy).Next);
            return true;
        }
    }

    /// <summary>Applies one effect of the attempt loop.</summary>
    /// <returns><see langword="true"/> when it started an ejection.</returns>
    public bool Apply(TargetEffect effect, FailurePolicy policy)
    {
        lock (_gate)
        {
            var (next, ejected) = TargetConditions.Apply(_condition, effect, policy);
            Volatile.Write(ref _condition, next);
            return ejected;
        }
    }
}
