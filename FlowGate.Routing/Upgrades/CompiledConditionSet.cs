using System.Runtime.InteropServices;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// The conditions of one rule, ladder step or router rule, compiled, with how they combine. An empty set
/// always holds, in either mode: a ladder's first step usually has none, and a rule without conditions is an
/// unconditional choice.
/// </summary>
internal sealed class CompiledConditionSet
{
    private readonly CompiledCondition[] _conditions;
    private readonly MatchMode _match;

    public CompiledConditionSet(ValueArray<FeatureCondition> conditions, MatchMode match)
    {
        Source = conditions;
        _match = match;
        _conditions = new CompiledCondition[conditions.Count];
        for (var i = 0; i < _conditions.Length; i++)
        {
            _conditions[i] = FeatureConditionEvaluator.Compile(conditions[i]);
        }
    }

    /// <summary>Gets the conditions as configured.</summary>
    public ValueArray<FeatureCondition> Source { get; }

    /// <summary>
    /// Decides whether the set holds and, when it does, which conditions held (for explanations). All-of sets
    /// stop at the first failure; any-of sets evaluate every condition, since all that held are reported.
    /// Allocates only when an any-of set holds through some but not all of its conditions.
    /// </summary>
    /// <param name="features">The request's features.</param>
    /// <param name="held">The conditions that held when the set holds: <see cref="Source"/> itself when all did.</param>
    /// <returns>Whether the set holds.</returns>
    public bool TryMatch(RequestFeatures features, out ValueArray<FeatureCondition> held)
    {
        held = Source;
        var count = _conditions.Length;
        if (_match == MatchMode.All || count == 0)
        {
            foreach (var condition in _conditions)
            {
                if (!condition.Evaluate(features))
                {
                    held = default;
                    return false;
                }
            }

            return true;
        }

        Span<bool> holds = count <= 64 ? stackalloc bool[count] : new bool[count];
        var heldCount = 0;
        for (var i = 0; i < count; i++)
        {
            holds[i] = _conditions[i].Evaluate(features);
            heldCount += holds[i] ? 1 : 0;
        }

        if (heldCount == count)
        {
            return true;
        }

        if (heldCount == 0)
        {
            held = default;
            return false;
        }

        var subset = new FeatureCondition[heldCount];
        for (int i = 0, j = 0; i < count; i++)
        {
            if (holds[i])
            {
                subset[j++] = Source[i];
            }
        }

        held = new(ImmutableCollectionsMarshal.AsImmutableArray(subset));
        return true;
    }

    /// <summary>Tells whether <paramref name="held"/>, from <see cref="TryMatch"/>, is every condition of the set.</summary>
    public bool IsAll(ValueArray<FeatureCondition> held) => held.Count == _conditions.Length;
}
