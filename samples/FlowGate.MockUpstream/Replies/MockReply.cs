using FlowGate.MockUpstream.Requests;

namespace FlowGate.MockUpstream.Replies;

/// <summary>The protocol-neutral plan of one answer: optional thinking, a text, an optional tool call, usage and ids.</summary>
internal sealed class MockReply
{
    public required string Model { get; init; }

    /// <summary>Gets the id suffix every id of this reply shares (deterministic per request id and attempt).</summary>
    public required string IdSuffix { get; init; }

    public bool Thinking { get; init; }

    /// <summary>Gets the thinking text (empty when the client asked for it omitted).</summary>
    public string ThinkingText { get; init; } = string.Empty;

    public IReadOnlyList<string> ThinkingDeltas { get; init; } = [];

    /// <summary>Gets the Anthropic thinking signature / the Responses <c>encrypted_content</c>.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether a Responses reasoning item carries a summary.</summary>
    public bool ReasoningSummary { get; init; }

    /// <summary>Gets a value indicating whether a Responses reasoning item carries <c>encrypted_content</c>.</summary>
    public bool EncryptedReasoning { get; init; }

    public required string Text { get; init; }

    public required IReadOnlyList<string> TextDeltas { get; init; }

    public ToolCallPlan? Tool { get; init; }

    public IReadOnlyList<string> ArgumentDeltas { get; init; } = [];

    public StopKind Stop { get; init; }

    public int InputTokens { get; init; }

    /// <summary>Gets the counts a test chose (<c>x-mock-usage</c>), which replace the computed ones.</summary>
    public MockUsage? UsageOverride { get; init; }

    public int ReasoningTokens => UsageOverride?.Reasoning ?? (ThinkingDeltas.Count == 0 && Thinking ? 1 : ThinkingDeltas.Count);

    public int OutputTokens => UsageOverride?.Output ?? TextDeltas.Count + ArgumentDeltas.Count + ReasoningTokens;

    public int CacheReadTokens => UsageOverride?.CacheRead ?? 0;

    public int CacheWriteTokens => UsageOverride?.CacheWrite ?? 0;

    /// <summary>Gets the prompt as OpenAI counts it: cached tokens included.</summary>
    public int PromptTokens => InputTokens + CacheReadTokens;

    public int TotalTokens => PromptTokens + OutputTokens;

    public bool IncludeUsage { get; init; }

    public string Id(string prefix) => prefix + IdSuffix;
}
