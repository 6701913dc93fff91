using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;
using static FlowGate.Routing.Upgrades.ConditionOperator;
using static FlowGate.Routing.Upgrades.RequestFeature;

namespace FlowGate.Routing.Tests.Upgrades;

/// <summary>Every operator on every kind of feature, absent values, and the combinations that make no sense.</summary>
public sealed class FeatureConditionTests
{
    private static readonly RequestFeatures Features = new()
    {
        MessageCount = 12,
        ToolCount = 3,
        EstimatedInputTokens = 25_000,
        PromptChars = 90_000,
        RequestedOutputTokens = 32_000,
        ThinkingRequested = true,
        ThinkingBudget = null,
        ThinkingEffort = "High",
        HasImages = false,
        HasSignedThinking = true,
        LastUserText = "Please review the PR for security issues",
        FailureStreak = 0,
    };

    [Theory]
    [InlineData(MessageCount, Equal, "12", true)]
    [InlineData(MessageCount, Equal, "12.0", true)]
    [InlineData(MessageCount, NotEqual, "12", false)]
    [InlineData(ToolCount, GreaterThan, "3", false)]
    [InlineData(ToolCount, GreaterThanOrEqual, "3", true)]
    [InlineData(InputTokens, LessThan, "25000", false)]
    [InlineData(InputTokens, LessThanOrEqual, "25000", true)]
    [InlineData(PromptChars, GreaterThan, "1e4", true)]
    [InlineData(OutputTokens, Equal, "32000", true)]
    [InlineData(FailureStreak, Exists, "", false)]
    [InlineData(ToolCount, Exists, "", true)]
    [InlineData(OutputTokens, Exists, "", true)]
    public void Numbers_Compare(RequestFeature feature, ConditionOperator op, string value, bool expected) =>
        Assert.Equal(expected, FeatureConditionEvaluator.Evaluate(Cond.Of(feature, op, value), Features));

    [Theory]
    [InlineData(Equal, false)]
    [InlineData(NotEqual, true)]
    [InlineData(GreaterThan, false)]
    [InlineData(GreaterThanOrEqual, false)]
    [InlineData(LessThan, false)]
    [InlineData(LessThanOrEqual, false)]
    [InlineData(Exists, false)]
    public void AbsentNumber_MeetsOnlyNotEqual(ConditionOperator op, bool expected) =>
        Assert.Equal(expected, FeatureConditionEvaluator.Evaluate(Cond.Of(ThinkingBudget, op, "0"), Features));

    [Fact]
    public void Numbers_InAndNotIn()
    {
        Assert.True(FeatureConditionEvaluator.Evaluate(Cond.List(MessageCount, In, "1", "12"), Features));
        Assert.False(FeatureConditionEvaluator.Evaluate(Cond.List(MessageCount, NotIn, "1", "12"), Features));
        Assert.False(FeatureConditionEvaluator.Evaluate(Cond.List(ThinkingBudget, In, "0"), Features));
        Assert.True(FeatureConditionEvaluator.Evaluate(Cond.List(ThinkingBudget, NotIn, "0"), Features));
    }

    [Theory]
    [InlineData(Thinking, Equal, "true", true)]
    [InlineData(Thinking, Equal, "False", false)]
    [InlineData(Images, NotEqual, "true", true)]
    [InlineData(Images, Exists, "", false)]
    [InlineData(SignedThinking, Exists, "", true)]
    [InlineData(SignedThinking, Equal, "TRUE", true)]
    public void Booleans_Compare(RequestFeature feature, ConditionOperator op, string value, bool expected) =>
        Assert.Equal(expected, FeatureConditionEvaluator.Evaluate(Cond.Of(feature, op, value), Features));

    [Theory]
    [InlineData(Effort, Equal, "high", true)]
    [InlineData(Effort, NotEqual, "HIGH", false)]
    [InlineData(Effort, Contains, "ig", true)]
    [InlineData(Effort, Exists, "", true)]
    [InlineData(LastUserText, Contains, "SECURITY", true)]
    [InlineData(LastUserText, Contains, "refactor", false)]
    [InlineData(LastUserText, Regex, @"\breview\b.*\bsecurity\b", true)]
    [InlineData(LastUserText, Regex, @"^security", false)]
    [InlineData(LastUserText, Regex, "(?i)pr", true)]
    public void Texts_CompareIgnoringCase(RequestFeature feature, ConditionOperator op, string value, bool expected) =>
        Assert.Equal(expected, FeatureConditionEvaluator.Evaluate(Cond.Of(feature, op, value), Features));

    [Fact]
    public void Texts_InAndNotIn()
    {
        Assert.True(FeatureConditionEvaluator.Evaluate(Cond.List(Effort, In, "medium", "HIGH"), Features));
        Assert.False(FeatureConditionEvaluator.Evaluate(Cond.List(Effort, NotIn, "medium", "HIGH"), Features));
        Assert.True(FeatureConditionEvaluator.Evaluate(Cond.List(Effort, NotIn, "low"), Features));
    }

    [Theory]
    [InlineData(Equal, false)]
    [InlineData(NotEqual, true)]
    [InlineData(Contains, false)]
    [InlineData(Regex, false)]
    [InlineData(Exists, false)]
    public void AbsentText_MeetsOnlyNotEqual(ConditionOperator op, bool expected) =>
        Assert.Equal(expected, FeatureConditionEvaluator.Evaluate(Cond.Of(Effort, op, "x"), Features with { ThinkingEffort = null }));

    [Fact]
    public void AbsentText_MeetsNotIn() =>
        Assert.True(FeatureConditionEvaluator.Evaluate(Cond.List(LastUserText, NotIn, "x"), RequestFeatures.Empty));

    [Theory]
    [InlineData(ToolCount, Contains, "3", "'contains' needs a text feature; tools_count is a number")]
    [InlineData(ToolCount, Regex, "3", "'regex' needs a text feature")]
    [InlineData(ToolCount, GreaterThan, "many", "tools_count is a number; 'many' is not")]
    [InlineData(ToolCount, Equal, "", "tools_count is a number; '' is not")]
    [InlineData(Thinking, GreaterThan, "1", "'>' does not apply to thinking")]
    [InlineData(Images, Contains, "x", "'contains' does not apply to images")]
    [InlineData(Thinking, Equal, "yes", "thinking is true or false; 'yes' is neither")]
    [InlineData(Effort, GreaterThanOrEqual, "high", "'>=' needs a number; effort is text")]
    [InlineData(LastUserText, Regex, "(unclosed", "the pattern is not a valid regular expression")]
    [InlineData(LastUserText, Regex, "review(?=s)", "without a linear-time match")]
    [InlineData(LastUserText, Regex, @"(a)\1", "without a linear-time match")]
    [InlineData(LastUserText, Contains, "", "'contains' needs a non-empty value")]
    [InlineData(Effort, In, "", "'in' needs a list of values")]
    [InlineData((RequestFeature)99, Equal, "1", "unknown feature")]
    [InlineData(Effort, (ConditionOperator)99, "1", "unknown operator #99")]
    public void InvalidCondition_NeverHolds_AndValidateSaysWhere(RequestFeature feature, ConditionOperator op, string value, string error)
    {
        var condition = Cond.Of(feature, op, value);

        var errors = FeatureConditionEvaluator.Validate(condition, "model_router.rules[1].when[0]");

        var message = Assert.Single(errors);
        Assert.StartsWith("model_router.rules[1].when[0]: ", message, StringComparison.Ordinal);
        Assert.Contains(error, message, StringComparison.Ordinal);
        Assert.False(FeatureConditionEvaluator.Evaluate(condition, Features));
        Assert.False(FeatureConditionEvaluator.Evaluate(condition, RequestFeatures.Empty));
    }

    [Fact]
    public void InvalidNumberInList_IsReported()
    {
        var errors = FeatureConditionEvaluator.Validate(Cond.List(MessageCount, In, "1", "two"), "p");

        Assert.Equal(["p: messages_count is a number; 'two' is not"], errors);
    }

    [Fact]
    public void ValidConditions_HaveNoErrors()
    {
        FeatureCondition[] valid =
        [
            Cond.AtLeast(InputTokens, 20_000),
            Cond.Of(Thinking, Exists),
            Cond.Of(LastUserText, Regex, @"\b(plan|design)\b"),
            Cond.List(Effort, NotIn, "low", "minimal"),
            Cond.List(FailureStreak, In, "2", "3"),
        ];

        Assert.All(valid, condition => Assert.Empty(FeatureConditionEvaluator.Validate(condition, "x")));
    }

    [Fact]
    public void Condition_IsCompiledOnce()
    {
        var condition = Cond.Of(LastUserText, Regex, "abc");

        Assert.Same(FeatureConditionEvaluator.Compile(condition), FeatureConditionEvaluator.Compile(condition));
    }
}
