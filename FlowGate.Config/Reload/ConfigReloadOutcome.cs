namespace FlowGate.Config.Reload;

/// <summary>What a reload of the configuration did.</summary>
public enum ConfigReloadOutcome
{
    /// <summary>The files loaded into a different configuration, which is now <see cref="FlowGateConfigProvider.Current"/>.</summary>
    Applied,

    /// <summary>The files loaded into a configuration equal to the one in force; nothing was published.</summary>
    Unchanged,

    /// <summary>The files have errors (or the load failed unexpectedly); the last good configuration stays in force.</summary>
    Rejected,
}
