using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// A <see cref="FeatureCondition"/> with its value parsed and its pattern built once, so evaluating it per
/// request is a switch and a comparison. A condition that does not make sense (an operator the feature's kind
/// does not take, a value that does not parse, a bad pattern) never holds; <see cref="Errors"/> says why.
/// </summary>
internal sealed class CompiledCondition
{
    /// <summary>
    /// Bounds one match. The non-backtracking engine is linear in the input (at most
    /// <see cref="RequestFeatureExtractor.MaxLastUserTextLength"/> characters), so this only guards the unforeseen.
    /// It is wall-clock time, so it is generous: a match that is preempted on a busy machine (or builds its
    /// automaton's first states) must not silently count as "no match".
    /// </summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions PatternOptions =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly RequestFeature _feature;
    private readonly ConditionOperator _operator;
    private readonly FeatureValueKind _kind;
    private readonly double _number;
    private readonly double[] _numbers = [];
    private readonly bool _flag;
    private readonly string _text = string.Empty;
    private readonly string[] _texts = [];
    private readonly Regex? _regex;

    private CompiledCondition(FeatureCondition source, ImmutableArray<string> errors)
    {
        Source = source;
        Errors = errors;
        _feature = source.Feature;
        _operator = source.Operator;
    }

    private CompiledCondition(FeatureCondition source, FeatureValueKind kind, double number, double[] numbers, bool flag, string text, string[] texts, Regex? regex)
        : this(source, [])
    {
        _kind = kind;
        _number = number;
        _numbers = numbers;
        _flag = flag;
        _text = text;
        _texts = texts;
        _regex = regex;
    }

    /// <summary>Gets the condition as configured.</summary>
    public FeatureCondition Source { get; }

    /// <summary>Gets what is wrong with the condition (without a path); empty when it is valid.</summary>
    public ImmutableArray<string> Errors { get; }

    /// <summary>Gets a value indicating whether the condition can ever be evaluated.</summary>
    public bool IsValid => Errors.IsEmpty;

    public static CompiledCondition Compile(FeatureCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);

        // Value is declared non-null, but a config binder can still leave null in it.
        if (condition.Value is null)
        {
            condition = condition with { Value = string.Empty };
        }

        var feature = FeatureNames.Of(condition.Feature);
        var op = FeatureNames.Of(condition.Operator);
        if (FeatureNames.KindOf(condition.Feature) is not { } kind)
        {
            return Invalid(condition, $"unknown feature {feature}");
        }

        if (!Enum.IsDefined(condition.Operator))
        {
            return Invalid(condition, $"unknown {op}");
        }

        if (condition.Operator == ConditionOperator.Exists)
        {
            return new(condition, kind, 0, [], false, string.Empty, [], null);
        }

        var isList = condition.Operator is ConditionOperator.In or ConditionOperator.NotIn;
        if (isList && condition.Values.IsEmpty)
        {
            return Invalid(condition, $"'{op}' needs a list of values");
        }

        return kind switch
        {
            FeatureValueKind.Number => CompileNumber(condition, feature, op, isList),
            FeatureValueKind.Boolean => CompileBoolean(condition, feature, op),
            _ => CompileText(condition, feature, op, isList),
        };
    }

    public bool Evaluate(RequestFeatures features)
    {
        if (!IsValid)
        {
            return false;
        }

        return _kind switch
        {
            FeatureValueKind.Number => EvaluateNumber(NumberOf(features)),
            FeatureValueKind.Boolean => EvaluateBoolean(BooleanOf(features)),
            _ => EvaluateText(TextOf(features)),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Source.ToString();

    private static CompiledCondition Invalid(FeatureCondition condition, string error) => new(condition, [error]);

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static CompiledCondition CompileNumber(FeatureCondition condition, string feature, string op, bool isList)
    {
        if (condition.Operator is ConditionOperator.Contains or ConditionOperator.Regex)
        {
            return Invalid(condition, $"'{op}' needs a text feature; {feature} is a number");
        }

        if (isList)
        {
            var numbers = new double[condition.Values.Count];
            for (var i = 0; i < numbers.Length; i++)
            {
                if (!TryParseNumber(condition.Values[i], out numbers[i]))
                {
                    return Invalid(condition, $"{feature} is a number; '{condition.Values[i]}' is not");
                }
            }

            return new(condition, FeatureValueKind.Number, 0, numbers, false, string.Empty, [], null);
        }

        return TryParseNumber(condition.Value, out var number)
            ? new(condition, FeatureValueKind.Number, number, [], false, string.Empty, [], null)
            : Invalid(condition, $"{feature} is a number; '{condition.Value}' is not");
    }

    private static CompiledCondition CompileBoolean(FeatureCondition condition, string feature, string op)
    {
        if (condition.Operator is not (ConditionOperator.Equal or ConditionOperator.NotEqual))
        {
            return Invalid(condition, $"'{op}' does not apply to {feature}, which is true or false (use ==, != or exists)");
        }

        return bool.TryParse(condition.Value, out var flag)
            ? new(condition, FeatureValueKind.Boolean, 0, [], flag, string.Empty, [], null)
            : Invalid(condition, $"{feature} is true or false; '{condition.Value}' is neither");
    }

    private static CompiledCondition CompileText(FeatureCondition condition, string feature, string op, bool isList)
    {
        switch (condition.Operator)
        {
            case ConditionOperator.GreaterThan or ConditionOperator.GreaterThanOrEqual
                or ConditionOperator.LessThan or ConditionOperator.LessThanOrEqual:
                return Invalid(condition, $"'{op}' needs a number; {feature} is text");
            case ConditionOperator.Contains or ConditionOperator.Regex when condition.Value.Length == 0:
                return Invalid(condition, $"'{op}' needs a non-empty value");
            case ConditionOperator.Regex:
                try
                {
                    var regex = new Regex(condition.Value, PatternOptions, MatchTimeout);
                    return new(condition, FeatureValueKind.Text, 0, [], false, condition.Value, [], regex);
                }
                catch (ArgumentException e)
                {
                    return Invalid(condition, $"the pattern is not a valid regular expression ({e.Message})");
                }
                catch (NotSupportedException)
                {
                    // The non-backtracking engine, which keeps matching linear, has no look-arounds,
                    // back-references or atomic groups.
                    return Invalid(condition, "the pattern uses a construct without a linear-time match (look-around, back-reference or atomic group)");
                }

            default:
                return new(condition, FeatureValueKind.Text, 0, [], false, condition.Value, isList ? [.. condition.Values] : [], null);
        }
    }

    private double? NumberOf(RequestFeatures features) => _feature switch
    {
        RequestFeature.MessageCount => features.MessageCount,
        RequestFeature.ToolCount => features.ToolCount,
        RequestFeature.InputTokens => features.EstimatedInputTokens,
        RequestFeature.PromptChars => features.PromptChars,
        RequestFeature.OutputTokens => features.RequestedOutputTokens,
        RequestFeature.ThinkingBudget => features.ThinkingBudget,
        _ => features.FailureStreak,
    };

    private bool BooleanOf(RequestFeatures features) => _feature switch
    {
        RequestFeature.Thinking => features.ThinkingRequested,
        RequestFeature.Images => features.HasImages,
        _ => features.HasSignedThinking,
    };

    private string? TextOf(RequestFeatures features) =>
        _feature == RequestFeature.Effort ? features.ThinkingEffort : features.LastUserText;

    private bool EvaluateNumber(double? value)
    {
        // An absent number (no max_tokens, no budget) equals nothing and compares with nothing.
        if (value is not { } v)
        {
            return _operator is ConditionOperator.NotEqual or ConditionOperator.NotIn;
        }

        return _operator switch
        {
            ConditionOperator.Equal => v == _number,
            ConditionOperator.NotEqual => v != _number,
            ConditionOperator.GreaterThan => v > _number,
            ConditionOperator.GreaterThanOrEqual => v >= _number,
            ConditionOperator.LessThan => v < _number,
            ConditionOperator.LessThanOrEqual => v <= _number,
            ConditionOperator.In => Array.IndexOf(_numbers, v) >= 0,
            ConditionOperator.NotIn => Array.IndexOf(_numbers, v) < 0,
            _ => v != 0, // Exists
        };
    }

    private bool EvaluateBoolean(bool value) => _operator switch
    {
        ConditionOperator.Equal => value == _flag,
        ConditionOperator.NotEqual => value != _flag,
        _ => value, // Exists
    };

    private bool EvaluateText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            // Absent text equals nothing, contains nothing and matches nothing.
            return _operator is ConditionOperator.NotEqual or ConditionOperator.NotIn;
        }

        switch (_operator)
        {
            case ConditionOperator.Equal:
                return string.Equals(value, _text, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.NotEqual:
                return !string.Equals(value, _text, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.In:
                return IsOneOf(value);
            case ConditionOperator.NotIn:
                return !IsOneOf(value);
            case ConditionOperator.Contains:
                return value.Contains(_text, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.Regex:
                try
                {
                    return _regex!.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            default:
                return true; // Exists
        }
    }

    private bool IsOneOf(string value)
    {
        foreach (var candidate in _texts)
        {
            if (string.Equals(value, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
