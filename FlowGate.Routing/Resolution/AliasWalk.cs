namespace FlowGate.Routing.Resolution;

/// <summary>The result of following an alias chain.</summary>
/// <param name="Status">How the walk ended.</param>
/// <param name="Terminal">The name the chain ends at (a route or an upgrade name) when resolved; the repeated name for a cycle; the unknown name otherwise.</param>
/// <param name="Chain">The aliases walked through, in order, starting with the name asked for; the terminal name is not included.</param>
internal readonly record struct AliasWalk(AliasWalkStatus Status, string Terminal, ValueArray<string> Chain);
