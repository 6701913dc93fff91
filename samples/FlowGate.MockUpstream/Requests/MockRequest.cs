namespace FlowGate.MockUpstream.Requests;

/// <summary>What the mock needs to know about a model request, read once from its body.</summary>
internal sealed class MockRequest
{
    public static readonly MockRequest Empty = new();

    /// <summary>Gets the requested model, echoed back.</summary>
    public string Model { get; init; } = "mock";

    public bool Stream { get; init; }

    /// <summary>Gets a value indicating whether a Chat stream asked for a final usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>Gets the text of the last user turn (its last text part).</summary>
    public string LastUserText { get; init; } = string.Empty;

    /// <summary>Gets the text of the tool result the last turn carries, or null when it carries none.</summary>
    public string? ToolResult { get; init; }

    /// <summary>Gets the tool call the request asked for (marker or header) and defines, or null.</summary>
    public ToolCallPlan? Tool { get; init; }

    /// <summary>Gets a value indicating whether the request asks for thinking (Anthropic) or reasoning (OpenAI).</summary>
    public bool Thinking { get; init; }

    /// <summary>Gets a value indicating whether thinking text is omitted (Anthropic <c>display: omitted</c>): the block carries only its signature.</summary>
    public bool ThinkingOmitted { get; init; }

    /// <summary>Gets a value indicating whether a Responses reasoning summary was asked for.</summary>
    public bool ReasoningSummary { get; init; }

    /// <summary>Gets a value indicating whether Responses reasoning items carry <c>encrypted_content</c>.</summary>
    public bool EncryptedReasoning { get; init; }

    /// <summary>Gets a value indicating whether the history carries a thinking signature or encrypted reasoning another mock made.</summary>
    public bool ForeignSignature { get; init; }

    /// <summary>Gets the requested output limit, or null.</summary>
    public int? MaxTokens { get; init; }
}
