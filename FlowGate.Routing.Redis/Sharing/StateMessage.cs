namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// One change, as broadcast on the channel and as stored under a key. Times are UTC ticks. Which fields are set depends
/// on <see cref="Kind"/>.
/// </summary>
internal sealed record StateMessage
{
    public const string ConditionKind = "condition";
    public const string BindKind = "bind";
    public const string UnbindKind = "unbind";
    public const string StreakKind = "streak";
    public const string StreakEndKind = "streak-end";
    public const string BudgetKind = "budget";
    public const string KeyBudgetKind = "key-budget";

    /// <summary>Gets the replica that made the change (a replica ignores its own messages).</summary>
    public required string From { get; init; }

    public required string Kind { get; init; }

    public string? Upstream { get; init; }

    public string? Model { get; init; }

    public string? Session { get; init; }

    public string? Route { get; init; }

    /// <summary>Gets a named gateway key's name (kind <c>key-budget</c>; the name, never the key).</summary>
    public string? KeyName { get; init; }

    /// <summary>Gets when the change was made (sticky: the binding's last use; streak: the failure).</summary>
    public long At { get; init; }

    /// <summary>Gets a target's condition (kind <c>condition</c>).</summary>
    public SharedCondition? Condition { get; init; }

    /// <summary>Gets a count: the streak's length, or the budget window's shared total.</summary>
    public long Count { get; init; }

    /// <summary>Gets which budget count (<c>r</c> requests, <c>t</c> tokens).</summary>
    public string? Field { get; init; }

    public TargetId Target => new(Upstream ?? string.Empty, Model ?? string.Empty);
}
