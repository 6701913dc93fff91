namespace FlowGate.Routing.Usage;

/// <summary>
/// The tokens one answer used, as its upstream reported them, in protocol-neutral terms: <see cref="Input"/> excludes
/// the cached prompt tokens (counted in <see cref="CacheRead"/> and <see cref="CacheWrite"/>), and <see cref="Output"/>
/// includes the <see cref="Reasoning"/> tokens.
/// </summary>
/// <param name="Input">Prompt tokens that were neither read from nor written to the prompt cache.</param>
/// <param name="Output">Output tokens, reasoning included.</param>
/// <param name="CacheRead">Prompt tokens read from the prompt cache.</param>
/// <param name="CacheWrite">Prompt tokens written to the prompt cache.</param>
/// <param name="Reasoning">Output tokens spent on reasoning.</param>
internal readonly record struct TokenUsage(long Input, long Output, long CacheRead = 0, long CacheWrite = 0, long Reasoning = 0)
{
    /// <summary>Gets every token the answer cost: the whole prompt (cached or not) and the output.</summary>
    public long Total => Input + CacheRead + CacheWrite + Output;

    /// <summary>Gets a value indicating whether no token was counted.</summary>
    public bool IsEmpty => Input == 0 && Output == 0 && CacheRead == 0 && CacheWrite == 0 && Reasoning == 0;

    /// <summary>Adds two usages count by count.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) => new(
        left.Input + right.Input,
        left.Output + right.Output,
        left.CacheRead + right.CacheRead,
        left.CacheWrite + right.CacheWrite,
        left.Reasoning + right.Reasoning);

    /// <summary>Adds two usages count by count.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
