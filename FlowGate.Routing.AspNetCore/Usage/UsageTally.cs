using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>What the relay learnt of one answer's usage and first-byte time: written by the relay as it passes the answer, read once it ended.</summary>
internal sealed class UsageTally
{
    /// <summary>Gets the usage reported (zero when none was).</summary>
    public TokenUsage Tokens { get; private set; }

    /// <summary>Gets a value indicating whether the upstream reported usage at all.</summary>
    public bool Reported { get; private set; }

    /// <summary>Gets or sets the time the last attempt's upstream took to its first byte (null before one answered).</summary>
    public TimeSpan? FirstByte { get; set; }

    public void Set(TokenUsage tokens)
    {
        Tokens = tokens;
        Reported = true;
    }

    public void Set(TokenUsage? tokens)
    {
        if (tokens is { } t)
        {
            Set(t);
        }
    }
}
