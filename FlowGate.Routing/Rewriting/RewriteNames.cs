namespace FlowGate.Routing.Rewriting;

/// <summary>The member names and paths the rewriter writes and reports.</summary>
internal static class RewriteNames
{
    public const string Model = "model";
    public const string ReasoningEffort = "reasoning_effort";
    public const string Reasoning = "reasoning";
    public const string ReasoningDotEffort = "reasoning.effort";
    public const string Thinking = "thinking";
    public const string BudgetTokens = "thinking.budget_tokens";
    public const string OutputConfig = "output_config";
    public const string OutputConfigDotEffort = "output_config.effort";
    public const string MaxTokens = "max_tokens";
    public const string MaxCompletionTokens = "max_completion_tokens";
    public const string MaxOutputTokens = "max_output_tokens";

    public static string Of(BodyField field) => field switch
    {
        BodyField.Model => Model,
        BodyField.ReasoningEffort => ReasoningEffort,
        BodyField.Reasoning => Reasoning,
        BodyField.Thinking => Thinking,
        BodyField.OutputConfig => OutputConfig,
        BodyField.MaxTokens => MaxTokens,
        BodyField.MaxCompletionTokens => MaxCompletionTokens,
        BodyField.MaxOutputTokens => MaxOutputTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a named field."),
    };

    /// <summary>Gets the field's name as a JSON string literal, quotes included, for writing a new member.</summary>
    /// <param name="field">A named field.</param>
    /// <returns>The quoted UTF-8 name.</returns>
    public static ReadOnlySpan<byte> QuotedUtf8(BodyField field) => field switch
    {
        BodyField.Model => "\"model\""u8,
        BodyField.ReasoningEffort => "\"reasoning_effort\""u8,
        BodyField.Reasoning => "\"reasoning\""u8,
        BodyField.Thinking => "\"thinking\""u8,
        BodyField.OutputConfig => "\"output_config\""u8,
        BodyField.MaxTokens => "\"max_tokens\""u8,
        BodyField.MaxCompletionTokens => "\"max_completion_tokens\""u8,
        BodyField.MaxOutputTokens => "\"max_output_tokens\""u8,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a named field."),
    };
}
