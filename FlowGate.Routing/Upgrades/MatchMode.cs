namespace FlowGate.Routing.Upgrades;

/// <summary>How a rule combines its conditions.</summary>
public enum MatchMode
{
    /// <summary>The rule holds when any condition holds (agent-cli's auto-upgrade triggers).</summary>
    Any,

    /// <summary>The rule holds when every condition holds.</summary>
    All,
}
