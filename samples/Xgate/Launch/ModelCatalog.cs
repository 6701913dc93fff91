using FlowGate.Config;

namespace FlowGate.Xgate.Launch;

/// <summary>
/// The model names the launcher offers: the config's visible routes, plain aliases, upgrade rules and ladders (file
/// order), plus any other name the running gateway lists in <c>/v1/models</c>; and the scenario presets built from them.
/// <list type="bullet">
/// <item>Auto: the config's integration models (<c>default_model</c>, <c>fast_model</c>, <c>opus_model</c>) with auto-upgrade on.</item>
/// <item>Performance: the strongest route for main and opus, the default model for fast.</item>
/// <item>Balanced: the default model for main, the fast model for fast, the opus model (else the strongest route) for opus.</item>
/// <item>Economy: the fast model (else the cheapest route) in every role.</item>
/// </list>
/// "Strongest" and "cheapest" rank route names by tier words: opus, pro, max, ultra, large, high, gpt-5 up; sonnet in
/// the middle; haiku, flash, mini, nano, lite, fast, cheap, small, economy down.
/// </summary>
internal sealed class ModelCatalog
{
    private static readonly (string Word, int Score)[] Tiers =
    [
        ("opus", 3), ("ultra", 2), ("max", 2), ("pro", 2), ("large", 2), ("high", 2), ("gpt-5", 2), ("sonnet", 1),
        ("haiku", -2), ("flash", -2), ("mini", -2), ("nano", -2), ("lite", -2), ("fast", -2), ("cheap", -2), ("small", -2), ("economy", -2),
    ];

    private readonly FlowGate.Config.Settings.IntegrationSettings _integration;

    public ModelCatalog(IReadOnlyList<string> names, FlowGate.Config.Settings.IntegrationSettings integration)
    {
        Names = names;
        _integration = integration;
    }

    public IReadOnlyList<string> Names { get; }

    public static ModelCatalog FromConfig(FlowGateConfig config, FlowGate.Config.Settings.IntegrationSettings integration, IEnumerable<string>? served = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var names = new List<string>();
        void Add(string name)
        {
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        foreach (var route in config.Routing.Routes.Where(r => !r.Hidden))
        {
            Add(route.Name);
        }

        foreach (var alias in config.Routing.Aliases.Where(a => !a.Hidden && !a.IsPattern))
        {
            Add(alias.Name);
        }

        foreach (var rule in config.Routing.UpgradeRules)
        {
            Add(rule.Name);
        }

        foreach (var ladder in config.Routing.Ladders)
        {
            Add(ladder.Name);
        }

        foreach (var name in served ?? [])
        {
            Add(name);
        }

        return new ModelCatalog(names, integration);
    }

    public bool Contains(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The first name containing the filter (an exact match first), as <c>cld cp FILTER</c> greps.</summary>
    public string? Match(string filter) =>
        Names.FirstOrDefault(n => string.Equals(n, filter, StringComparison.OrdinalIgnoreCase))
        ?? Names.FirstOrDefault(n => n.Contains(filter, StringComparison.OrdinalIgnoreCase));

    public ModelChoice Preset(Scenario scenario)
    {
        var main = _integration.DefaultModel;
        var fast = _integration.EffectiveFastModel;
        var opus = _integration.OpusModel;
        return scenario switch
        {
            Scenario.Performance => new ModelChoice(Strongest() ?? main, main, Strongest() ?? opus ?? main),
            Scenario.Economy => new ModelChoice(_integration.FastModel ?? Cheapest() ?? fast, _integration.FastModel ?? Cheapest() ?? fast, _integration.FastModel ?? Cheapest() ?? fast),
            Scenario.Balanced => new ModelChoice(main, fast, opus ?? Strongest() ?? main),
            _ => new ModelChoice(_integration.SonnetModel ?? main, _integration.HaikuModel ?? fast, opus ?? main),
        };
    }

    private static int Score(string name)
    {
        var score = 0;
        foreach (var (word, value) in Tiers)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                score += value;
            }
        }

        return score;
    }

    private string? Strongest() => Best(score => score > 0, descending: true);

    private string? Cheapest() => Best(score => score < 0, descending: false);

    /// <summary>Among names without an <c>.auto</c> suffix whose score qualifies, the best by score, the first in file order within a score.</summary>
    private string? Best(Func<int, bool> qualifies, bool descending)
    {
        string? best = null;
        var bestScore = 0;
        foreach (var name in Names)
        {
            var score = Score(name);
            if (name.EndsWith(".auto", StringComparison.OrdinalIgnoreCase) || !qualifies(score))
            {
                continue;
            }

            if (best is null || (descending ? score > bestScore : score < bestScore))
            {
                best = name;
                bestScore = score;
            }
        }

        return best;
    }
}
