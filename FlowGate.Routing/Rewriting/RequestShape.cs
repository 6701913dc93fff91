namespace FlowGate.Routing.Rewriting;

/// <summary>
/// What one scan of a request body found: every top-level member, which of them the rewriter cares about, and the
/// members of the nested objects it edits. Reused across requests on a thread, so nothing here is per-request garbage.
/// </summary>
internal sealed class RequestShape
{
    private JsonMember[] _members = new JsonMember[32];

    /// <summary>Gets the top-level members in body order.</summary>
    public Span<JsonMember> Members => _members.AsSpan(0, Count);

    /// <summary>Gets the number of top-level members.</summary>
    public int Count { get; private set; }

    /// <summary>Gets or sets the offset of the top-level <c>{</c>.</summary>
    public int ObjectStart { get; set; }

    public int Model { get; set; }

    public int ReasoningEffort { get; set; }

    public int Reasoning { get; set; }

    public int Thinking { get; set; }

    public int OutputConfig { get; set; }

    public int MaxTokens { get; set; }

    public int MaxCompletionTokens { get; set; }

    public int MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the end of the last member of <c>thinking</c>, or -1 when it has none.</summary>
    public int ThinkingLastEnd { get; set; }

    /// <summary>
    /// Gets or sets the end of the last member of the object carrying the effort (<c>reasoning</c> or
    /// <c>output_config</c>), or -1 when it has none.
    /// </summary>
    public int EffortObjectLastEnd { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>thinking.type</c> is the string <c>enabled</c>.</summary>
    public bool ThinkingEnabled { get; set; }

    /// <summary>Gets or sets <c>thinking.type</c>.</summary>
    public JsonMember ThinkingType { get; set; }

    /// <summary>Gets or sets <c>thinking.budget_tokens</c>.</summary>
    public JsonMember BudgetTokens { get; set; }

    /// <summary>Gets or sets <c>reasoning.effort</c> (Responses) or <c>output_config.effort</c> (Anthropic).</summary>
    public JsonMember NestedEffort { get; set; }

    /// <summary>Gets the member at <paramref name="index"/> by reference.</summary>
    /// <param name="index">A top-level member index.</param>
    public ref JsonMember this[int index] => ref _members[index];

    public void Reset()
    {
        Count = 0;
        ObjectStart = 0;
        Model = ReasoningEffort = Reasoning = Thinking = OutputConfig = -1;
        MaxTokens = MaxCompletionTokens = MaxOutputTokens = -1;
        ThinkingLastEnd = EffortObjectLastEnd = -1;
        ThinkingEnabled = false;
        ThinkingType = BudgetTokens = NestedEffort = default;
    }

    public int Add(in JsonMember member)
    {
        if (Count == _members.Length)
        {
            Array.Resize(ref _members, Count * 2);
        }

        _members[Count] = member;
        return Count++;
    }

    /// <summary>Gets the member for a field as the rewrite steps see it: absent when missing or removed.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The member (a copy), or <see langword="default"/>.</returns>
    public JsonMember Get(BodyField field)
    {
        var index = IndexOf(field);
        return index < 0 || _members[index].Removed ? default : _members[index];
    }

    /// <summary>Gets whether a field is present and stays in the output.</summary>
    /// <param name="field">The field.</param>
    /// <returns><see langword="true"/> when it is there and not dropped.</returns>
    public bool IsKept(BodyField field)
    {
        var index = IndexOf(field);
        return index >= 0 && !_members[index].Removed;
    }

    public int IndexOf(BodyField field) => field switch
    {
        BodyField.Model => Model,
        BodyField.ReasoningEffort => ReasoningEffort,
        BodyField.Reasoning => Reasoning,
        BodyField.Thinking => Thinking,
        BodyField.OutputConfig => OutputConfig,
        BodyField.MaxTokens => MaxTokens,
        BodyField.MaxCompletionTokens => MaxCompletionTokens,
        BodyField.MaxOutputTokens => MaxOutputTokens,
        _ => -1,
    };

    public void SetIndex(BodyField field, int index)
    {
        switch (field)
        {
            case BodyField.Model: Model = index; break;
            case BodyField.ReasoningEffort: ReasoningEffort = index; break;
            case BodyField.Reasoning: Reasoning = index; break;
            case BodyField.Thinking: Thinking = index; break;
            case BodyField.OutputConfig: OutputConfig = index; break;
            case BodyField.MaxTokens: MaxTokens = index; break;
            case BodyField.MaxCompletionTokens: MaxCompletionTokens = index; break;
            case BodyField.MaxOutputTokens: MaxOutputTokens = index; break;
            default: break;
        }
    }
}
