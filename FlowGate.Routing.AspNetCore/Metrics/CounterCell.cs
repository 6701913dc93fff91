namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>A counter series' running total, added to without locks.</summary>
internal sealed class CounterCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double amount)
    {
        double current, next;
        do
        {
            current = Volatile.Read(ref _value);
            next = current + amount;
        }
        while (Interlocked.CompareExchange(ref _value, next, current) != current);
    }
}
