using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>A <see cref="TargetCondition"/> on the wire: the same fields, times as UTC ticks.</summary>
internal sealed record SharedCondition(long EjectedUntil, FailureClass? ExplicitCause, int Ejections, int RecentFailures, long WindowStart, long ProbeUntil)
{
    public static SharedCondition From(TargetCondition c) =>
        new(c.EjectedUntil.UtcTicks, c.ExplicitCause, c.Ejections, c.RecentFailures, c.WindowStart.UtcTicks, c.ProbeUntil.UtcTicks);

    public TargetCondition ToCondition() => new()
    {
        EjectedUntil = Time(EjectedUntil),
        ExplicitCause = ExplicitCause,
        Ejections = Ejections,
        RecentFailures = RecentFailures,
        WindowStart = Time(WindowStart),
        ProbeUntil = Time(ProbeUntil),
    };

    internal static DateTimeOffset Time(long ticks) =>
        ticks <= DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue
        : ticks >= DateTimeOffset.MaxValue.UtcTicks ? DateTimeOffset.MaxValue
        : new DateTimeOffset(ticks, TimeSpan.Zero);
}
