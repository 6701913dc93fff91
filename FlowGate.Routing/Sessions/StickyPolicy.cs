namespace FlowGate.Routing.Sessions;

/// <summary>How long and how many (session, route) → target bindings are kept.</summary>
public sealed record StickyPolicy
{
    /// <summary>Gets the default policy.</summary>
    public static StickyPolicy Default { get; } = new();

    /// <summary>Gets a value indicating whether sessions stick to the target that last served them.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets how long a binding lives after it was last used.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets the most bindings kept; past it the least recently used fifth is dropped.</summary>
    /// <value>The default value is 10,000.</value>
    public int Capacity { get; init; } = 10_000;
}
