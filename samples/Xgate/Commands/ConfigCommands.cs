using System.CommandLine;
using FlowGate.Config;
using FlowGate.Xgate.Integration;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate config validate</c>: every error and warning of the configuration at once.</summary>
internal static class ConfigCommands
{
    public static Command Create(XgateApp app)
    {
        var command = new Command("config", "Check the configuration file.");
        command.Subcommands.Add(Validate(app));
        return command;
    }

    private static Command Validate(XgateApp app)
    {
        var profile = new Option<string?>("--profile") { Description = "Validate with this profile instead of the state file's." };
        var command = new Command("validate", "Print every error and warning as file:line:col: key.path: message; exit 1 on any error.");
        command.Options.Add(profile);
        command.SetAction(parse =>
        {
            if (app.MissingConfigMessage(parse) is { } missing)
            {
                app.Err.WriteLine(missing);
                return ExitCodes.Failure;
            }

            var path = app.ConfigPath(parse);
            var diagnostics = ConfigValidator.Validate(path, new ConfigLoadOptions { Environment = app.ConfigEnvironment, Profile = parse.GetValue(profile) });
            foreach (var diagnostic in diagnostics)
            {
                app.Out.WriteLine(diagnostic.ToString());
            }

            var errors = diagnostics.Count(d => d.Severity == ConfigSeverity.Error);
            var warnings = diagnostics.Count - errors;
            if (errors == 0 && IntegrationNote(app, parse) is { } note)
            {
                // Not an error: the gateway serves the file as it is; only xgate's client settings need a model.
                app.Out.WriteLine(note.Replace("note: ", "warning: ", StringComparison.Ordinal));
                warnings++;
            }
            if (errors > 0)
            {
                app.Out.WriteLine($"{path}: {Plural(errors, "error")}, {Plural(warnings, "warning")}.");
                return ExitCodes.Failure;
            }

            app.Out.WriteLine(warnings == 0 ? $"{path}: ok." : $"{path}: ok, {Plural(warnings, "warning")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Why <c>xgate integration</c> would hand out another default model than the file's, if it would.</summary>
    private static string? IntegrationNote(XgateApp app, ParseResult parse)
    {
        var config = app.LoadConfig(parse).Config;
        if (config is null)
        {
            return null;
        }

        try
        {
            IntegrationDefaults.Effective(config, out var note);
            return note;
        }
        catch (XgateFailureException e)
        {
            return "warning: " + e.Message["xgate: ".Length..];
        }
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
