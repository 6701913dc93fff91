namespace FlowGate.Routing;

/// <summary>
/// Per-target request parameters (the <c>params = {...}</c> table of a <c>providers.toml</c> route), applied to a
/// fresh copy of the request for every attempt in the order listed here.
/// </summary>
public sealed record TargetParams
{
    /// <summary>Gets parameters that change nothing.</summary>
    public static TargetParams None { get; } = new();

    /// <summary>Gets the reasoning effort forced on the request (<c>minimal</c> … <c>xhigh</c>), if any.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>Gets the thinking level appended to the upstream model as <c>model(level)</c>, if any.</summary>
    public string? ThinkingLevel { get; init; }

    /// <summary>Gets the largest <c>thinking.budget_tokens</c> the target accepts, if capped.</summary>
    public int? ThinkingBudgetMax { get; init; }

    /// <summary>Gets the largest output-token limit the target accepts, if capped.</summary>
    public int? MaxTokensMax { get; init; }

    /// <summary>Gets the output-token limit set when the client sent none, if any.</summary>
    public int? MaxTokensDefault { get; init; }

    /// <summary>Gets the comma-separated values merged into the <c>anthropic-beta</c> header, if any.</summary>
    public string? AnthropicBeta { get; init; }

    /// <summary>Gets extra headers set on every request to the target.</summary>
    public ValueArray<HttpHeader> ExtraHeaders { get; init; }

    /// <summary>Gets top-level body fields removed before sending (for example <c>metadata</c>).</summary>
    public ValueArray<string> DropParams { get; init; }
}
