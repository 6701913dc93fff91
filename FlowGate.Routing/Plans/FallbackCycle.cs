namespace FlowGate.Routing.Plans;

/// <summary>A cycle in a fallback graph, a configuration error.</summary>
/// <param name="Kind">The chain the cycle is in.</param>
/// <param name="Routes">The routes along the cycle, the first repeated at the end (<c>a → b → a</c>; a self-loop is <c>a → a</c>).</param>
internal sealed record FallbackCycle(FallbackKind Kind, ValueArray<string> Routes)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Concat(Kind == FallbackKind.ContextWindow ? "context-window fallbacks: " : "fallbacks: ", string.Join(" → ", Routes.Items));
}
