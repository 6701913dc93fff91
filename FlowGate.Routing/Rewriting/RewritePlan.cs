namespace FlowGate.Routing.Rewriting;

/// <summary>
/// The decisions of steps 1–5 for one request: the values to write, independent of where they go in the body.
/// Kept apart from the byte positions so that a value touched by several steps (a budget set from the effort, then
/// capped, then kept below <c>max_tokens</c>) is written once.
/// </summary>
internal sealed class RewritePlan
{
    public ClientProtocol Protocol { get; private set; }

    public TargetParams Parameters { get; private set; } = TargetParams.None;

    public ThinkingEffortTable Table { get; private set; } = ThinkingEffortTable.Default;

    /// <summary>Gets or sets the value for <c>model</c>.</summary>
    public string ModelText { get; set; } = string.Empty;

    /// <summary>Gets or sets the effort for the protocol's effort member, or <see langword="null"/> to leave it.</summary>
    public string? Effort { get; set; }

    /// <summary>Gets or sets a value indicating whether step 2 put the effort into <c>thinking.budget_tokens</c>.</summary>
    public bool EffortInBudget { get; set; }

    /// <summary>Gets or sets the numeric value of <c>thinking.budget_tokens</c> as the steps see it, if any.</summary>
    public double? Budget { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Budget"/> has to be written.</summary>
    public bool BudgetChanged { get; set; }

    public int? NewMaxTokens { get; set; }

    public int? NewMaxCompletionTokens { get; set; }

    public int? NewMaxOutputTokens { get; set; }

    /// <summary>Gets or sets the output-limit member to add, or <see cref="BodyField.Other"/> for none.</summary>
    public BodyField AppendLimit { get; set; }

    public int AppendLimitValue { get; set; }

    public void Reset(ClientProtocol protocol, TargetParams parameters, ThinkingEffortTable table)
    {
        Protocol = protocol;
        Parameters = parameters;
        Table = table;
        ModelText = string.Empty;
        Effort = null;
        EffortInBudget = false;
        Budget = null;
        BudgetChanged = false;
        NewMaxTokens = NewMaxCompletionTokens = NewMaxOutputTokens = null;
        AppendLimit = BodyField.Other;
        AppendLimitValue = 0;
    }

    public int? NewLimit(BodyField field) => field switch
    {
        BodyField.MaxTokens => NewMaxTokens,
        BodyField.MaxCompletionTokens => NewMaxCompletionTokens,
        BodyField.MaxOutputTokens => NewMaxOutputTokens,
        _ => null,
    };

    public void SetLimit(BodyField field, int value)
    {
        switch (field)
        {
            case BodyField.MaxTokens: NewMaxTokens = value; break;
            case BodyField.MaxCompletionTokens: NewMaxCompletionTokens = value; break;
            case BodyField.MaxOutputTokens: NewMaxOutputTokens = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not an output-limit field.");
        }
    }

    /// <summary>Gets whether step 6 removes members called <paramref name="name"/>.</summary>
    /// <param name="name">A member name.</param>
    /// <returns><see langword="true"/> when the name is in the drop list.</returns>
    public bool Drops(string name)
    {
        foreach (var dropped in Parameters.DropParams)
        {
            if (string.Equals(dropped, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
