using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Config;
using FlowGate.Routing;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate models [--json]</c>: every name the gateway serves — routes, aliases, upgrade names, ladders, the model router.</summary>
internal static class ModelsCommand
{
    public static Command Create(XgateApp app)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("models", "List the names the gateway serves: routes, aliases, upgrade names, ladders and model-router names.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            var rows = Rows(config);
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var row in rows)
                {
                    array.Add(new JsonObject
                    {
                        ["name"] = row.Name,
                        ["kind"] = row.Kind,
                        ["serves"] = row.Serves,
                        ["listed"] = row.Listed,
                    });
                }

                app.Out.WriteLine(array.ToJsonString(JsonOutput.Options));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Model", "Kind", "Serves", "In /v1/models");
            foreach (var row in rows)
            {
                table.AddRow(Markup.Escape(row.Name), row.Kind, Markup.Escape(row.Serves), row.Listed ? "yes" : "no");
            }

            app.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static List<ModelRow> Rows(FlowGateConfig config)
    {
        var routing = config.Routing;
        var listed = RouteTable.Create(routing).ListedModels.ToHashSet(StringComparer.Ordinal);
        var rows = new List<ModelRow>();
        foreach (var route in routing.Routes)
        {
            var targets = string.Join(", ", route.Targets.Select(t => $"{t.Upstream}/{t.Model}"));
            rows.Add(new ModelRow(route.Name, "route", $"{Text.Policy(route.Policy)}: {targets}", listed.Contains(route.Name)));
        }

        foreach (var alias in routing.Aliases)
        {
            rows.Add(new ModelRow(alias.Name, alias.IsPattern ? "alias pattern" : "alias", alias.Target, listed.Contains(alias.Name)));
        }

        foreach (var rule in routing.UpgradeRules)
        {
            rows.Add(new ModelRow(rule.Name, "upgrade", $"{rule.Base}, or {rule.To} when {rule.Match.ToString().ToLowerInvariant()} of {string.Join("; ", rule.Conditions.Select(ConditionText.Of))}", listed.Contains(rule.Name)));
        }

        foreach (var ladder in routing.Ladders)
        {
            rows.Add(new ModelRow(ladder.Name, "ladder", string.Join(" < ", ladder.Steps.Select(s => s.Route)), listed.Contains(ladder.Name)));
        }

        if (routing.ModelRouter is { } router)
        {
            foreach (var name in router.ActivationModels)
            {
                var rules = string.Join(", ", router.Rules.Select(r => $"{r.Name} -> {r.Route}"));
                rows.Add(new ModelRow(name, "model router", rules.Length == 0 ? router.DefaultRoute : $"{rules}; else {router.DefaultRoute}", listed.Contains(name)));
            }
        }

        return rows;
    }

    internal sealed record ModelRow(string Name, string Kind, string Serves, bool Listed);
}

/// <summary>How xgate prints JSON: indented, non-ASCII kept readable.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
