using FlowGate.Routing.Features;
using FlowGate.Routing.Plans;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Routing;

/// <summary>
/// Where a request goes and why: the alias chain, the features, the upgrade rule that hit, the candidates with
/// their weights, the chosen target and the fallback plan. The host acts on it; <c>xgate route explain</c> and
/// the <c>x-flowgate-route</c> header show it.
/// </summary>
public sealed record RoutingDecision
{
    /// <summary>Gets the model the client asked for.</summary>
    public required string RequestedModel { get; init; }

    /// <summary>Gets how the name resolved (alias chain, pattern, closest match when unknown).</summary>
    public required RouteResolution Resolution { get; init; }

    /// <summary>Gets the request features the decision used.</summary>
    public required RequestFeatures Features { get; init; }

    /// <summary>Gets the upgrade rule, ladder step or model-router rule that chose the route, if any.</summary>
    public UpgradeOutcome? Upgrade { get; init; }

    /// <summary>Gets the route chosen, or <see langword="null"/> when the model is unknown.</summary>
    public RouteEntry? Route { get; init; }

    /// <summary>Gets the route's targets as the decision saw them.</summary>
    public ValueArray<CandidateTarget> Candidates { get; init; }

    /// <summary>Gets the first attempt: its route (a fallback when the route had nothing eligible) and target.</summary>
    internal AttemptStep? FirstAttempt { get; init; }

    /// <summary>Gets why the target was picked.</summary>
    public SelectionReason Reason { get; init; }

    /// <summary>Gets the fallback routes in the order they would be tried.</summary>
    public ValueArray<string> FallbackPlan { get; init; }

    /// <summary>Gets the chosen target, if any.</summary>
    public RouteTarget? Target => FirstAttempt?.Target;
}
