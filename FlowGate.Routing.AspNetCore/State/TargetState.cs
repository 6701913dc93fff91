namespace FlowGate.Routing.AspNetCore.State;

/// <summary>The mutable, thread-safe state of one target: its cool-down, requests in flight and failures in a row.</summary>
internal sealed class TargetState
{
    private long _cooldownUntilTicks;
    private int _inFlight;
    private int _consecutiveFailures;

    public DateTimeOffset CooldownUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _cooldownUntilTicks);
            return ticks == 0 ? DateTimeOffset.MinValue : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    /// <summary>Counts a failure and, once more than <paramref name="allowedFails"/> are in a row, cools the target down until <paramref name="until"/> (never shortening a longer one).</summary>
    /// <returns><see langword="true"/> when a cool-down was set.</returns>
    public bool Failed(DateTimeOffset until, int allowedFails)
    {
        var failures = Interlocked.Increment(ref _consecutiveFailures);
        if (failures <= allowedFails || until == DateTimeOffset.MinValue)
        {
            return false;
        }

        var ticks = until.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _cooldownUntilTicks);
            if (current >= ticks)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _cooldownUntilTicks, ticks, current) != current);

        return true;
    }
}
