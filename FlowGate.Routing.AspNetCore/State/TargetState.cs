using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>
/// The mutable, thread-safe state of one target: its failure-policy condition (an immutable value, swapped under this
/// target's own lock), its requests in flight and its per-minute budget counts (every attempt counts as a request).
/// </summary>
internal sealed class TargetState(TimeProvider time, IBudgetCounter? budget = null)
{
    private readonly Lock _gate = new();
    private TargetCondition _condition = TargetCondition.Healthy;
    private int _inFlight;

    public TargetCondition Condition => Volatile.Read(ref _condition);

    public DateTimeOffset CooldownUntil => Condition.EjectedUntil;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the target's per-minute budget counts.</summary>
    public IBudgetCounter Budget { get; } = budget ?? new BudgetCounter();

    /// <summary>Gets the clock the budget windows are counted by.</summary>
    public TimeProvider Time { get; } = time;

    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        Budget.CountRequest(Time.GetUtcNow());
    }

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

    /// <summary>
    /// Takes a condition another replica reached, unless this one holds an ejection that ends later (a shorter signal
    /// never cuts a running ejection, as locally).
    /// </summary>
    /// <returns><see langword="true"/> when the condition was taken.</returns>
    public bool Adopt(TargetCondition shared)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (_condition.IsEjected(now) && shared.EjectedUntil < _condition.EjectedUntil)
            {
                return false;
            }

            Volatile.Write(ref _condition, shared);
            return true;
        }
    }

    /// <summary>Applies one effect of the attempt loop.</summary>
    /// <returns><see langword="true"/> when it started an ejection.</returns>
    public bool Apply(TargetEffect effect, FailurePolicy policy)
    {
        // Nearly every answer is a success on a healthy target, which changes nothing: no lock for it. (A failure counted
        // at the same moment then simply comes after it, as it could have under the lock.)
        if (effect.Kind == TargetEffectKind.Recover && ReferenceEquals(Volatile.Read(ref _condition), TargetCondition.Healthy))
        {
            return false;
        }

        lock (_gate)
        {
            var (next, ejected) = TargetConditions.Apply(_condition, effect, policy);
            Volatile.Write(ref _condition, next);
            return ejected;
        }
    }
}
