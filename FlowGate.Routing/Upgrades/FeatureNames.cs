namespace FlowGate.Routing.Upgrades;

/// <summary>
/// The configuration spelling of features and operators (seed 001's <c>lb_model_router</c> keys), so that
/// validation errors and explanations read like the file the user wrote.
/// </summary>
internal static class FeatureNames
{
    public static FeatureValueKind? KindOf(RequestFeature feature) => feature switch
    {
        RequestFeature.MessageCount or RequestFeature.ToolCount or RequestFeature.InputTokens
            or RequestFeature.PromptChars or RequestFeature.OutputTokens or RequestFeature.ThinkingBudget
            or RequestFeature.FailureStreak => FeatureValueKind.Number,
        RequestFeature.Thinking or RequestFeature.Images or RequestFeature.SignedThinking => FeatureValueKind.Boolean,
        RequestFeature.Effort or RequestFeature.LastUserText => FeatureValueKind.Text,
        _ => null,
    };

    public static string Of(RequestFeature feature) => feature switch
    {
        RequestFeature.MessageCount => "messages_count",
        RequestFeature.ToolCount => "tools_count",
        RequestFeature.InputTokens => "input_tokens",
        RequestFeature.PromptChars => "prompt_chars",
        RequestFeature.OutputTokens => "output_tokens",
        RequestFeature.Thinking => "thinking",
        RequestFeature.ThinkingBudget => "thinking_budget",
        RequestFeature.Effort => "effort",
        RequestFeature.Images => "images",
        RequestFeature.SignedThinking => "signed_thinking",
        RequestFeature.LastUserText => "last_user_text",
        RequestFeature.FailureStreak => "failure_streak",
        _ => $"feature #{(int)feature}",
    };

    public static string Of(ConditionOperator op) => op switch
    {
        ConditionOperator.Equal => "==",
        ConditionOperator.NotEqual => "!=",
        ConditionOperator.GreaterThan => ">",
        ConditionOperator.GreaterThanOrEqual => ">=",
        ConditionOperator.LessThan => "<",
        ConditionOperator.LessThanOrEqual => "<=",
        ConditionOperator.In => "in",
        ConditionOperator.NotIn => "not_in",
        ConditionOperator.Contains => "contains",
        ConditionOperator.Exists => "exists",
        ConditionOperator.Regex => "regex",
        _ => $"operator #{(int)op}",
    };
}
