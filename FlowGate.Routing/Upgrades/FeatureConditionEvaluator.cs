using System.Runtime.CompilerServices;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// Evaluates and validates <see cref="FeatureCondition"/>s. Numbers take <c>== != &gt; &gt;= &lt; &lt;= in
/// not_in exists</c>; true/false features take <c>== != exists</c>; text features (effort, last user text) take
/// <c>== != in not_in contains regex exists</c>, all ignoring case. Patterns run on the non-backtracking engine
/// with a match timeout. An absent value (no <c>max_tokens</c>, no effort) meets only <c>!=</c> and
/// <c>not_in</c>. A condition that does not make sense never holds; <see cref="Validate"/> says why, so that
/// configuration loading can reject it.
/// </summary>
internal static class FeatureConditionEvaluator
{
    // Keyed by reference: each configured condition is parsed, and its pattern built, once.
    private static readonly ConditionalWeakTable<FeatureCondition, CompiledCondition> Compiled = new();

    /// <summary>Evaluates one condition.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="features">The request's features.</param>
    /// <returns>Whether the condition holds; <see langword="false"/> for an invalid condition.</returns>
    public static bool Evaluate(FeatureCondition condition, RequestFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Compile(condition).Evaluate(features);
    }

    /// <summary>Evaluates conditions combined with <paramref name="match"/>; an empty list always holds.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <param name="match">How they combine.</param>
    /// <param name="features">The request's features.</param>
    /// <returns>Whether the combination holds.</returns>
    public static bool Holds(ValueArray<FeatureCondition> conditions, MatchMode match, RequestFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (conditions.IsEmpty)
        {
            return true;
        }

        var any = match == MatchMode.Any;
        foreach (var condition in conditions)
        {
            if (Evaluate(condition, features) == any)
            {
                return any;
            }
        }

        return !any;
    }

    /// <summary>Checks that a condition makes sense.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="path">Where the condition is in the configuration, put before each error (for example <c>model_router.rules[2].when[0]</c>).</param>
    /// <returns>The errors, each starting with <paramref name="path"/>; empty when the condition is valid.</returns>
    public static IReadOnlyList<string> Validate(FeatureCondition condition, string path)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var errors = Compile(condition).Errors;
        return errors.IsEmpty ? [] : [.. errors.Select(error => $"{path}: {error}")];
    }

    internal static CompiledCondition Compile(FeatureCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Compiled.GetValue(condition, CompiledCondition.Compile);
    }
}
