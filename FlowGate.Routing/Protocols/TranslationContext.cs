namespace FlowGate.Routing.Protocols;

/// <summary>
/// What the request's translation learnt that the response's needs: the two protocols, the tool names that had to
/// change on the wire (too long, bad characters) and the tools that were wrapped (Codex <c>custom</c> tools), so the
/// answer can be put back in the client's terms.
/// </summary>
public sealed record TranslationContext
{
    /// <summary>Gets the protocol the client speaks.</summary>
    public required ClientProtocol Client { get; init; }

    /// <summary>Gets the protocol the upstream was sent.</summary>
    public required ClientProtocol Upstream { get; init; }

    /// <summary>Gets the model name the client asked for, echoed in translated answers.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>Gets the wire names of renamed tools, mapped to the names the client used.</summary>
    public IReadOnlyDictionary<string, string> ToolNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the names (client spelling) of tools sent as functions with an <c>{"input": string}</c> wrapper.</summary>
    public IReadOnlySet<string> WrappedTools { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets what the request's translation had to leave out (tools or fields the upstream cannot take), for the log.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>Gets a value indicating whether the two protocols are the same (nothing to translate).</summary>
    public bool IsPassThrough => Client == Upstream;
}
