namespace FlowGate.Routing.Upgrades;

/// <summary>A request feature a rule condition can test (see <see cref="Features.RequestFeatures"/>).</summary>
public enum RequestFeature
{
    /// <summary>Number of conversation messages (<c>messages_count</c>).</summary>
    MessageCount,

    /// <summary>Number of tool definitions (<c>tools_count</c>).</summary>
    ToolCount,

    /// <summary>Estimated input tokens (<c>input_tokens</c>).</summary>
    InputTokens,

    /// <summary>Characters of prompt text (<c>prompt_chars</c>).</summary>
    PromptChars,

    /// <summary>Requested output tokens (<c>output_tokens</c>).</summary>
    OutputTokens,

    /// <summary>Thinking requested, true or false (<c>thinking</c>).</summary>
    Thinking,

    /// <summary>Thinking budget in tokens (<c>thinking_budget</c>).</summary>
    ThinkingBudget,

    /// <summary>Requested effort (<c>effort</c>).</summary>
    Effort,

    /// <summary>Images present, true or false (<c>images</c>).</summary>
    Images,

    /// <summary>Signed thinking or encrypted reasoning present, true or false (<c>signed_thinking</c>).</summary>
    SignedThinking,

    /// <summary>Text of the last user message (<c>last_user_text</c>); <c>keyword:</c> signals test it.</summary>
    LastUserText,

    /// <summary>The session's failure streak on the requested model (<c>failure_streak</c>).</summary>
    FailureStreak,
}
