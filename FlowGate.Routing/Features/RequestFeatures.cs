namespace FlowGate.Routing.Features;

/// <summary>
/// What FlowGate knows about a request before routing it, extracted once from the body of any of the
/// three client protocols. Upgrade rules, ladders and the model router decide on these values alone.
/// </summary>
public sealed record RequestFeatures
{
    /// <summary>Gets features of an empty request.</summary>
    public static RequestFeatures Empty { get; } = new();

    /// <summary>Gets the <c>model</c> the client asked for, if present.</summary>
    public string? Model { get; init; }

    /// <summary>Gets a value indicating whether the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>Gets the number of conversation messages (Anthropic/Chat <c>messages</c>, Responses <c>input</c> items).</summary>
    public int MessageCount { get; init; }

    /// <summary>Gets the number of tool definitions.</summary>
    public int ToolCount { get; init; }

    /// <summary>Gets the number of characters of prompt text (system, instructions, messages, tool results).</summary>
    public int PromptChars { get; init; }

    /// <summary>Gets a fast estimate of the input tokens (all text and tool schemas, about four bytes a token).</summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary>Gets the output-token limit the client asked for (<c>max_tokens</c>, <c>max_output_tokens</c>, <c>max_completion_tokens</c>), if any.</summary>
    public int? RequestedOutputTokens { get; init; }

    /// <summary>Gets a value indicating whether the client asked for thinking or reasoning.</summary>
    public bool ThinkingRequested { get; init; }

    /// <summary>Gets the thinking budget in tokens (<c>thinking.budget_tokens</c>), if any.</summary>
    public int? ThinkingBudget { get; init; }

    /// <summary>Gets the requested effort (<c>output_config.effort</c>, <c>reasoning.effort</c>, <c>reasoning_effort</c>), if any.</summary>
    public string? ThinkingEffort { get; init; }

    /// <summary>Gets a value indicating whether any message carries an image.</summary>
    public bool HasImages { get; init; }

    /// <summary>
    /// Gets a value indicating whether the history carries a signed thinking block or encrypted reasoning, which
    /// only validates on the target that produced it.
    /// </summary>
    public bool HasSignedThinking { get; init; }

    /// <summary>Gets the text of the last user message, if any (cut to a bounded length).</summary>
    public string? LastUserText { get; init; }

    /// <summary>Gets the session id from <c>metadata.user_id</c> (Claude Code), if any.</summary>
    public string? MetadataSessionId { get; init; }

    /// <summary>Gets Codex's <c>prompt_cache_key</c>, if any.</summary>
    public string? PromptCacheKey { get; init; }

    /// <summary>Gets the session key chosen for stickiness (see <c>SessionKeys</c>), if any.</summary>
    public string? SessionKey { get; init; }

    /// <summary>Gets this session's current failure streak on the requested model (filled in by the host).</summary>
    public int FailureStreak { get; init; }
}
