namespace FlowGate.Routing;

/// <summary>A target of a compiled route, with everything the hot path needs resolved once.</summary>
public sealed class RouteTarget
{
    internal RouteTarget(int ordinal, int index, TargetConfig config, UpstreamConfig upstream)
    {
        Ordinal = ordinal;
        Index = index;
        Config = config;
        Upstream = upstream;
        Id = config.Id;
    }

    /// <summary>
    /// Gets the number of the target's <see cref="TargetId"/> within the route table, from 0 to
    /// <see cref="RouteTable.TargetCount"/> − 1, so hosts can keep per-target state in arrays. Targets that share
    /// an id (the same upstream model in two routes) share the ordinal.
    /// </summary>
    public int Ordinal { get; }

    /// <summary>Gets the target's position within its route.</summary>
    public int Index { get; }

    /// <summary>Gets the target's identity.</summary>
    public TargetId Id { get; }

    /// <summary>Gets the target's configuration.</summary>
    public TargetConfig Config { get; }

    /// <summary>Gets the upstream the target sends to.</summary>
    public UpstreamConfig Upstream { get; }

    /// <summary>Gets the selection weight; zero disables the target.</summary>
    public int Weight => Config.Weight;

    /// <inheritdoc/>
    public override string ToString() => $"{Id} (weight {Weight})";
}
