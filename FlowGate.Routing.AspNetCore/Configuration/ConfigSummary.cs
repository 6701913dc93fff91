using System.Globalization;

namespace FlowGate.Routing.AspNetCore.Configuration;

/// <summary>Short texts that name what a configuration serves, for log lines.</summary>
internal static class ConfigSummary
{
    /// <summary>Counts and names what clients can ask for: <c>2 routes (a, b), 1 upgrade (a.auto)</c>.</summary>
    /// <param name="routing">The routing configuration.</param>
    /// <returns>The summary.</returns>
    public static string Models(RoutingConfig routing)
    {
        var upgrades = routing.UpgradeRules.Select(r => r.Name).Concat(routing.Ladders.Select(l => l.Name)).ToList();
        var text = Count(routing.Routes.Count, "route", "routes") + $" ({string.Join(", ", routing.Routes.Select(r => r.Name))})";
        return upgrades.Count == 0 ? text : text + ", " + Count(upgrades.Count, "upgrade", "upgrades") + $" ({string.Join(", ", upgrades)})";
    }

    /// <summary>A count with its noun: <c>1 route</c>, <c>2 routes</c>.</summary>
    /// <param name="count">The count.</param>
    /// <param name="one">The singular noun.</param>
    /// <param name="many">The plural noun.</param>
    /// <returns>The text.</returns>
    public static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);
}
