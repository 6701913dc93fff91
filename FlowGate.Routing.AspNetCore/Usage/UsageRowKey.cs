namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>What a usage row is counted by.</summary>
internal readonly record struct UsageRowKey(DateOnly Day, string Route, string Upstream, string Model, string Key)
{
    public static UsageRowKey Of(UsageEntry entry) => new(entry.Day, entry.Route, entry.Upstream, entry.Model, entry.Key);
}
