namespace FlowGate.Routing.Rewriting;

/// <summary>What <see cref="RequestRewriter"/> wrote and which changes it made.</summary>
/// <param name="BytesWritten">The length of the rewritten body.</param>
/// <param name="Applied">The changes in the order the steps made them.</param>
internal sealed record RewriteResult(int BytesWritten, ValueArray<AppliedRewrite> Applied);
