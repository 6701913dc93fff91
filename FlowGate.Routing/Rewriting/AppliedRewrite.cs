namespace FlowGate.Routing.Rewriting;

/// <summary>One change <see cref="RequestRewriter"/> made to a request body, as shown by <c>route explain</c>.</summary>
/// <param name="Action">What was done.</param>
/// <param name="Path">The member changed, as a dotted path (for example <c>thinking.budget_tokens</c>).</param>
/// <param name="Value">The new value as written (JSON strings unquoted), or <see langword="null"/> for a removal.</param>
internal readonly record struct AppliedRewrite(RewriteAction Action, string Path, string? Value)
{
    /// <summary>Renders the change as <c>path = value (Action)</c> or <c>path removed (Action)</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        Value is null ? $"{Path} removed ({Action})" : $"{Path} = {Value} ({Action})";
}
