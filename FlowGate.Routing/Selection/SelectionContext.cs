namespace FlowGate.Routing.Selection;

/// <summary>Everything a target selection depends on besides the route: a pure function of these inputs.</summary>
internal readonly ref struct SelectionContext
{
    /// <summary>Initializes a new instance of the <see cref="SelectionContext"/> struct.</summary>
    /// <param name="health">Cool-downs and in-flight counts.</param>
    /// <param name="now">The current time, against which cool-downs are judged.</param>
    /// <param name="draw">A random draw in [0, 1).</param>
    /// <param name="tried">Ordinals of targets already tried for this request.</param>
    /// <param name="roundRobinState">The route's smooth round-robin weights, one per target, kept by the host between requests; may be empty for other policies.</param>
    public SelectionContext(ITargetHealthView health, DateTimeOffset now, double draw, ReadOnlySpan<int> tried = default, Span<long> roundRobinState = default)
    {
        ArgumentNullException.ThrowIfNull(health);
        Health = health;
        Now = now;
        Draw = draw;
        Tried = tried;
        RoundRobinState = roundRobinState;
    }

    /// <summary>Gets the health view.</summary>
    public ITargetHealthView Health { get; }

    /// <summary>Gets the current time.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the random draw in [0, 1).</summary>
    public double Draw { get; }

    /// <summary>Gets the ordinals of targets already tried.</summary>
    public ReadOnlySpan<int> Tried { get; }

    /// <summary>Gets the smooth round-robin state of the route.</summary>
    public Span<long> RoundRobinState { get; }

    /// <summary>Tells whether a target may be picked: enabled, not ejected, not being probed by another request, not yet tried.</summary>
    /// <param name="target">The target.</param>
    /// <returns><see langword="true"/> when the target is eligible.</returns>
    public bool IsEligible(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Weight > 0 && !Tried.Contains(target.Ordinal) && Health.CooldownUntil(target.Ordinal) <= Now && Health.Condition(target.Ordinal).IsAvailable(Now);
    }
}
