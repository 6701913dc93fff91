namespace FlowGate.Routing.Rewriting;

/// <summary>What one step of <see cref="RequestRewriter"/> did to a request body (steps 1–6).</summary>
internal enum RewriteAction
{
    /// <summary>Step 1: <c>model</c> set to the upstream model id (with its <c>(level)</c> suffix, if any).</summary>
    ModelSet,

    /// <summary>Step 2: the effort written to <c>reasoning_effort</c>, <c>reasoning.effort</c> or <c>output_config.effort</c>.</summary>
    EffortSet,

    /// <summary>Step 2: <c>thinking.budget_tokens</c> set from the effort (Anthropic, enabled thinking).</summary>
    ThinkingBudgetSet,

    /// <summary>Step 3: <c>thinking.budget_tokens</c> lowered to the target's cap.</summary>
    ThinkingBudgetCapped,

    /// <summary>Step 4: an output-token limit lowered to the target's cap.</summary>
    MaxTokensCapped,

    /// <summary>Step 4: the target's default output-token limit set because the client sent none.</summary>
    MaxTokensDefaulted,

    /// <summary>Step 5: <c>thinking.budget_tokens</c> lowered to one below <c>max_tokens</c>.</summary>
    ThinkingBudgetBelowMaxTokens,

    /// <summary>Step 5: <c>thinking</c> removed because <c>max_tokens</c> leaves no room for it.</summary>
    ThinkingRemoved,

    /// <summary>Step 6: a top-level member named in the target's drop list removed.</summary>
    MemberDropped,
}
