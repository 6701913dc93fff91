using System.Globalization;
using FlowGate.Routing.Failures;

namespace FlowGate.Routing.Health;

/// <summary>One change to one target's state, returned by the attempt loop as data for the host to apply.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Ordinal">The target's <see cref="RouteTarget.Ordinal"/>.</param>
/// <param name="At">When the outcome was seen.</param>
public readonly record struct TargetEffect(TargetEffectKind Kind, int Ordinal, DateTimeOffset At)
{
    /// <summary>Gets how long an <see cref="TargetEffectKind.Eject"/> lasts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the class of the failure behind a <see cref="TargetEffectKind.Eject"/> or <see cref="TargetEffectKind.CountFailure"/>.</summary>
    public FailureClass? Cause { get; init; }

    /// <summary>
    /// Gets a value indicating whether a <see cref="TargetEffectKind.CountFailure"/> may eject the target: false when it is
    /// its route's only enabled target, which is never ejected for transient failures.
    /// </summary>
    public bool MayEject { get; init; } = true;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TargetEffectKind.Eject => string.Create(CultureInfo.InvariantCulture, $"eject target {Ordinal} for {Duration.TotalSeconds:0.###} s ({Cause})"),
        TargetEffectKind.CountFailure => string.Create(CultureInfo.InvariantCulture, $"count a failure of target {Ordinal}{(MayEject ? string.Empty : " (its route's only target: never ejected)")}"),
        TargetEffectKind.StartProbe => string.Create(CultureInfo.InvariantCulture, $"probe target {Ordinal}"),
        TargetEffectKind.Recover => string.Create(CultureInfo.InvariantCulture, $"clear target {Ordinal}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"unbind the session from target {Ordinal}"),
    };
}
