namespace FlowGate.Routing.Rewriting;

/// <summary>A top-level member of a request body that the rewriter reads or edits, per protocol.</summary>
internal enum BodyField
{
    /// <summary>Any member the rewriter leaves alone (unless it is dropped).</summary>
    Other,

    /// <summary><c>model</c>, every protocol.</summary>
    Model,

    /// <summary><c>reasoning_effort</c>, OpenAI Chat.</summary>
    ReasoningEffort,

    /// <summary><c>reasoning</c> (<c>{effort, summary}</c>), OpenAI Responses.</summary>
    Reasoning,

    /// <summary><c>thinking</c> (<c>{type, budget_tokens}</c>), Anthropic.</summary>
    Thinking,

    /// <summary><c>output_config</c> (<c>{effort}</c>), Anthropic.</summary>
    OutputConfig,

    /// <summary><c>max_tokens</c>, Anthropic and OpenAI Chat.</summary>
    MaxTokens,

    /// <summary><c>max_completion_tokens</c>, OpenAI Chat.</summary>
    MaxCompletionTokens,

    /// <summary><c>max_output_tokens</c>, OpenAI Responses.</summary>
    MaxOutputTokens,
}
