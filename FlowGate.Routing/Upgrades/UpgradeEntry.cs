using FlowGate.Routing.Features;

namespace FlowGate.Routing.Upgrades;

/// <summary>One name of an <see cref="UpgradeTable"/>, compiled: evaluating it is the upgrade decision for that name.</summary>
internal abstract class UpgradeEntry
{
    public abstract UpgradeOutcome Evaluate(RequestFeatures features);
}
