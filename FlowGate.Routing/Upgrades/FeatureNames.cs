namespace FlowGate.Routing.Upgrades;

/// <summary>
/// The configuration spelling of features and operators (agent-cli's <c>lb_model_router</c> keys), so that
/// configuration files parse into <see cref="FeatureCondition"/>s and validation errors and explanations read like
/// the file the user wrote.
/// </summary>
internal static class FeatureNames
{
    private static readonly Dictionary<string, RequestFeature> Features = new(StringComparer.OrdinalIgnoreCase)
    {
        ["messages_count"] = RequestFeature.MessageCount,
        ["tools_count"] = RequestFeature.ToolCount,
        ["input_tokens"] = RequestFeature.InputTokens,
        ["prompt_chars"] = RequestFeature.PromptChars,
        ["output_tokens"] = RequestFeature.OutputTokens,
        ["thinking"] = RequestFeature.Thinking,
        ["thinking_budget"] = RequestFeature.ThinkingBudget,
        ["effort"] = RequestFeature.Effort,
        ["images"] = RequestFeature.Images,
        ["signed_thinking"] = RequestFeature.SignedThinking,
        ["has_thinking_signature"] = RequestFeature.SignedThinking,
        ["last_user_text"] = RequestFeature.LastUserText,
        ["failure_streak"] = RequestFeature.FailureStreak,
    };

    private static readonly Dictionary<string, ConditionOperator> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["=="] = ConditionOperator.Equal,
        ["!="] = ConditionOperator.NotEqual,
        [">"] = ConditionOperator.GreaterThan,
        [">="] = ConditionOperator.GreaterThanOrEqual,
        ["<"] = ConditionOperator.LessThan,
        ["<="] = ConditionOperator.LessThanOrEqual,
        ["in"] = ConditionOperator.In,
        ["not_in"] = ConditionOperator.NotIn,
        ["contains"] = ConditionOperator.Contains,
        ["exists"] = ConditionOperator.Exists,
        ["regex"] = ConditionOperator.Regex,
    };

    /// <summary>Gets every feature name a configuration may use (agent-cli's <c>has_thinking_signature</c> included).</summary>
    public static IReadOnlyCollection<string> FeatureSpellings => Features.Keys;

    /// <summary>Gets every operator a configuration may use.</summary>
    public static IReadOnlyCollection<string> OperatorSpellings => Operators.Keys;

    /// <summary>Parses a feature name as configuration files write it (<c>messages_count</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="feature">The feature, when known.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParseFeature(string name, out RequestFeature feature) => Features.TryGetValue(name, out feature);

    /// <summary>Parses an operator as configuration files write it (<c>&gt;=</c>, <c>not_in</c>).</summary>
    /// <param name="text">The operator.</param>
    /// <param name="op">The operator, when known.</param>
    /// <returns><see langword="true"/> when the operator is known.</returns>
    public static bool TryParseOperator(string text, out ConditionOperator op) => Operators.TryGetValue(text, out op);

    internal static FeatureValueKind? KindOf(RequestFeature feature) => feature switch
    {
        RequestFeature.MessageCount or RequestFeature.ToolCount or RequestFeature.InputTokens
            or RequestFeature.PromptChars or RequestFeature.OutputTokens or RequestFeature.ThinkingBudget
            or RequestFeature.FailureStreak => FeatureValueKind.Number,
        RequestFeature.Thinking or RequestFeature.Images or RequestFeature.SignedThinking => FeatureValueKind.Boolean,
        RequestFeature.Effort or RequestFeature.LastUserText => FeatureValueKind.Text,
        _ => null,
    };

    /// <summary>Spells a feature as configuration files do.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns>Its name.</returns>
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

    /// <summary>Spells an operator as configuration files do.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>Its spelling.</returns>
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
