using FlowGate.Routing.Failures;

namespace FlowGate.Routing.Plans;

/// <summary>How the last attempt ended, as the attempt loop needs it.</summary>
/// <param name="Target">The target the attempt went to.</param>
/// <param name="Failure">The failure's classification, or <see langword="null"/> when the target served the request.</param>
internal readonly record struct AttemptReport(RouteTarget Target, FailureClassification? Failure)
{
    /// <summary>Gets a value indicating whether the target served the request.</summary>
    public bool Succeeded => Failure is null;
}
