using Spectre.Console;

namespace FlowGate.Xgate.Launch;

/// <summary>
/// The interactive picker (Spectre prompts with type-to-filter): a scenario first, then, for Custom, each role; then
/// the auto-upgrade toggle when <c>MAIN.auto</c> exists. The last choice is listed first.
/// </summary>
internal sealed class ModelPicker
{
    private readonly IAnsiConsole _console;
    private readonly ModelCatalog _catalog;
    private readonly LaunchCache _cache;

    public ModelPicker(IAnsiConsole console, ModelCatalog catalog, LaunchCache cache)
    {
        _console = console;
        _catalog = catalog;
        _cache = cache;
    }

    public (Scenario Scenario, ModelChoice Choice, bool AutoUpgrade) Pick(string client, ModelChoice remembered, bool? autoUpgrade)
    {
        var last = Enum.TryParse<Scenario>(_cache.Read("scenario"), ignoreCase: true, out var s) ? s : Scenario.Balanced;
        var scenarios = Enum.GetValues<Scenario>().OrderBy(x => x == last ? 0 : 1).ToList();
        var scenario = _console.Prompt(new SelectionPrompt<Scenario>()
            .Title("Scenario (type to filter)")
            .EnableSearch()
            .PageSize(10)
            .AddChoices(scenarios)
            .UseConverter(x => Markup.Escape(x == Scenario.Custom ? "Custom — pick each model" : $"{x} — {Describe(client, _catalog.Preset(x))}")));

        var choice = _catalog.Preset(scenario);
        if (scenario == Scenario.Custom)
        {
            var main = PickModel("Main model", remembered.Main);
            choice = client == "claude"
                ? new ModelChoice(main, PickModel("Fast model (haiku slot, subagents)", remembered.Fast), PickModel("Opus model", remembered.Opus))
                : new ModelChoice(main, main, main);
        }

        var upgrade = autoUpgrade ?? scenario == Scenario.Auto;
        if (autoUpgrade is null && scenario != Scenario.Auto && _catalog.Contains(choice.Main + ".auto"))
        {
            var lastOn = string.Equals(_cache.Read("auto_upgrade"), "on", StringComparison.OrdinalIgnoreCase);
            var answer = _console.Prompt(new SelectionPrompt<string>()
                .Title($"Auto upgrade ({choice.Main} -> {choice.Main}.auto)")
                .AddChoices(lastOn ? ["On", "Off"] : ["Off", "On"]));
            upgrade = answer == "On";
        }

        return (scenario, choice, upgrade);
    }

    private static string Describe(string client, ModelChoice choice) =>
        client == "claude" ? $"main {choice.Main}, fast {choice.Fast}, opus {choice.Opus}" : $"model {choice.Main}";

    private string PickModel(string title, string last)
    {
        var names = _catalog.Names.OrderBy(n => string.Equals(n, last, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ToList();
        return _console.Prompt(new SelectionPrompt<string>()
            .Title($"{title} (type to filter)")
            .EnableSearch()
            .PageSize(12)
            .UseConverter(Markup.Escape)
            .AddChoices(names));
    }
}
