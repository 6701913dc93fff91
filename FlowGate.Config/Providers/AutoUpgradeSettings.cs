using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Config.Providers;

/// <summary>agent-cli's auto-upgrade keys: <c>lb_auto_upgrade_enabled</c>, the thresholds, and <c>[global.lb_auto_upgrade_map]</c>.</summary>
internal sealed record AutoUpgradeSettings
{
    public bool Enabled { get; init; }

    public int MessagesThreshold { get; init; } = 80;

    public int ToolsThreshold { get; init; } = 10;

    public int FailureStreakThreshold { get; init; } = 2;

    public bool SignatureEnabled { get; init; } = true;

    /// <summary>Gets the map entries: name (<c>g3f.auto</c>) → upgraded route (<c>opus4.6</c>), with where each was written.</summary>
    public IReadOnlyList<(string Name, string To, SourcePosition Position, string Path)> Map { get; init; } = [];

    public static AutoUpgradeSettings Read(TableReader global, BindContext context)
    {
        var map = new List<(string, string, SourcePosition, string)>();
        if (global.Child("lb_auto_upgrade_map") is { } table)
        {
            foreach (var entry in table.Table.Entries)
            {
                table.Accept(entry.Key);
                if (table.String(entry.Key) is { } to)
                {
                    // The seed skipped empty entries and entries mapping a name to itself; so does FlowGate, aloud.
                    if (to.Trim().Length == 0 || to.Trim() == entry.Key.Trim())
                    {
                        table.Warning(entry.Key, "ignored: maps a name to itself or to nothing.");
                        continue;
                    }

                    map.Add((entry.Key.Trim(), to.Trim(), entry.Value.Position, table.PathOf(entry.Key)));
                }
            }

            table.Finish();
        }

        return new AutoUpgradeSettings
        {
            Enabled = global.Bool("lb_auto_upgrade_enabled", false),
            MessagesThreshold = global.Int("lb_auto_upgrade_messages_threshold", 1) ?? 80,
            ToolsThreshold = global.Int("lb_auto_upgrade_tools_threshold", 1) ?? 10,
            FailureStreakThreshold = global.Int("lb_auto_upgrade_failure_streak_threshold", 1) ?? 2,
            SignatureEnabled = global.Bool("lb_auto_upgrade_signature_enabled", true),
            Map = map,
        };
    }

    /// <summary>
    /// Builds one rule per map entry. The seed routes <c>g3f.auto</c> exactly like its own <c>[routing]</c> entry, so
    /// the base is that route when it exists, else the name without <c>.auto</c>.
    /// </summary>
    public ValueArray<UpgradeRule> ToRules(IReadOnlyCollection<string> routes, BindContext context)
    {
        if (!Enabled)
        {
            return [];
        }

        var rules = new List<UpgradeRule>();
        foreach (var (name, to, position, path) in Map)
        {
            var baseRoute = routes.Contains(name) || !name.EndsWith(".auto", StringComparison.OrdinalIgnoreCase) ? name : name[..^".auto".Length];
            var routingPath = "upgrades" + RoutingTables.Key(name);
            context.Map.Record(routingPath, position, path);
            context.Map.Record(routingPath + ".to", position, path);
            context.Map.Record(routingPath + ".base", position, path);
            rules.Add(SeedAutoUpgrade.FromSeed(name, baseRoute, to, MessagesThreshold, ToolsThreshold, FailureStreakThreshold, SignatureEnabled));
        }

        return [.. rules];
    }
}
