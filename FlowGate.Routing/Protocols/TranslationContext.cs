namespace FlowGate.Routing.Protocols;

/// <summary>
/// What the request's translation learnt that the response's needs: the two protocols, the tool names that had to
/// change on the wire (too long, bad characters) and the tools that were wrapped (Codex <c>custom</c> tools), so the
/// answer can be put back in the client's terms.
/// </summary>
internal sealed record TranslationContext
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

    /// <summary>
    /// Gets the Responses <c>namespace</c> of tools that were flattened (wire name, <c>namespace__tool</c> or its
    /// hashed form, mapped to the namespace); <see cref="ToolNames"/> maps the same wire name to the tool's own name.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToolNamespaces { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets what the translation left out because the upstream's protocol cannot carry it (fields, tools, blocks,
    /// thinking history), one short description each, for the host to log. The core does no I/O of its own.
    /// </summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>Gets a value indicating whether the two protocols are the same (nothing to translate).</summary>
    public bool IsPassThrough => Client == Upstream;

    /// <summary>
    /// Gets a value unique to this request that translated answer and item ids carry (the core draws no randomness, so
    /// the host supplies it); null keeps ids derived from the upstream's id alone.
    /// </summary>
    public string? AnswerIdSuffix { get; init; }

    /// <summary>
    /// Gets a value indicating whether a streamed answer to the client ends with a usage report. Only a Chat client
    /// can decline it (no <c>stream_options.include_usage</c>); its stream then has no usage chunk, as from OpenAI.
    /// </summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>
    /// Gets the creation time (Unix seconds) an OpenAI answer carries when its upstream gave none: Anthropic Messages
    /// has no such field, and OpenAI clients show and sort answers by it, so zero would date them 1970. The core reads
    /// no clock, so the host stamps it from its own; 0 (not stamped) leaves such answers at 0.
    /// </summary>
    public long CreatedAt { get; init; }

    /// <summary>Gets the creation time a translated answer carries: the upstream's when it gave one, else <see cref="CreatedAt"/>.</summary>
    /// <param name="upstreamCreated">The upstream's creation time (Unix seconds), 0 when it gave none.</param>
    /// <returns>The creation time to write.</returns>
    public long CreatedFor(long upstreamCreated) => upstreamCreated > 0 ? upstreamCreated : CreatedAt;
}
