namespace FlowGate.MockUpstream.Replies;

/// <summary>Why a reply ends; each protocol names it its own way.</summary>
internal enum StopKind
{
    /// <summary>Anthropic <c>end_turn</c>, Chat <c>stop</c>, Responses <c>completed</c>.</summary>
    EndTurn,

    /// <summary>Anthropic <c>max_tokens</c>, Chat <c>length</c>, Responses <c>incomplete</c> (max_output_tokens).</summary>
    MaxTokens,

    /// <summary>Anthropic <c>tool_use</c>, Chat <c>tool_calls</c>, Responses <c>completed</c> with a function_call item.</summary>
    ToolUse,
}
