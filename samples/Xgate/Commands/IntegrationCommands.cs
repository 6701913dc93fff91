using System.CommandLine;
using FlowGate.Xgate.Integration;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate integration print|apply codex|claude-code</c>: the client settings that point Codex and Claude Code at the gateway.</summary>
internal static class IntegrationCommands
{
    private static readonly string[] Clients = ["codex", "claude-code"];

    public static Command Create(XgateApp app)
    {
        var command = new Command("integration", "Print or apply the Codex / Claude Code settings that use the gateway.");
        command.Subcommands.Add(Print(app));
        command.Subcommands.Add(Apply(app));
        return command;
    }

    private static Argument<string> ClientArgument()
    {
        var client = new Argument<string>("CLIENT") { Description = "codex or claude-code." };
        client.AcceptOnlyFromAmong(Clients);
        return client;
    }

    private static Command Print(XgateApp app)
    {
        var client = ClientArgument();
        var command = new Command("print", "Print the snippet: codex → ~/.codex/config.toml TOML; claude-code → the environment variables.");
        command.Arguments.Add(client);
        command.SetAction(parse =>
        {
            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            var snippets = IntegrationSnippets.From(config, IntegrationDefaults.Effective(config, out var note));
            if (note is not null)
            {
                app.Err.WriteLine(note);
            }

            app.Out.Write(parse.GetValue(client) == "codex" ? snippets.Codex() : snippets.ClaudeCode());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Apply(XgateApp app)
    {
        var client = ClientArgument();
        var home = new Option<string?>("--home") { Description = "The home directory whose .codex/config.toml or .claude/settings.json is edited (default: $CODEX_HOME / $CLAUDE_CONFIG_DIR, else ~).", HelpName = "DIR" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the merged file instead of writing it." };
        var command = new Command("apply", "Merge the settings into ~/.codex/config.toml or ~/.claude/settings.json, keeping everything else; the old file is backed up; a second apply changes nothing.");
        command.Arguments.Add(client);
        command.Options.Add(home);
        command.Options.Add(dryRun);
        command.SetAction(parse =>
        {
            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            var snippets = IntegrationSnippets.From(config, IntegrationDefaults.Effective(config, out var note));
            if (note is not null)
            {
                app.Err.WriteLine(note);
            }

            var codex = parse.GetValue(client) == "codex";
            var file = TargetFile(app, codex, parse.GetValue(home));
            var existing = File.Exists(file) ? File.ReadAllText(file) : string.Empty;
            string? merged;
            var hadComments = false;
            if (codex)
            {
                merged = CodexTomlMerger.Merge(existing, snippets, file);
                merged = merged == existing ? null : merged;
            }
            else
            {
                merged = ClaudeSettingsMerger.Merge(existing, snippets, file, out hadComments);
            }

            if (merged is null)
            {
                app.Out.WriteLine($"unchanged: {file} already has the FlowGate settings.");
                return ExitCodes.Ok;
            }

            if (parse.GetValue(dryRun))
            {
                app.Out.Write(merged);
                return ExitCodes.Ok;
            }

            if (hadComments)
            {
                app.Err.WriteLine($"warning: {file} had comments; JSON has no place for them, so the rewritten file drops them (the backup keeps them).");
            }

            var backup = ConfigFileWriter.Replace(file, merged, app.Time);
            app.Out.WriteLine($"updated: {file}");
            if (backup is not null)
            {
                app.Out.WriteLine($"backup: {backup}");
            }

            app.Out.WriteLine(codex
                ? $"Codex sends ${IntegrationSnippets.EnvKey} to the gateway: export it (a gateway key, or any value when the gateway has none)."
                : "Claude Code needs ANTHROPIC_AUTH_TOKEN (a gateway key, or any value when the gateway has none) in env of settings.json or the shell; apply does not write one.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string TargetFile(XgateApp app, bool codex, string? home)
    {
        if (home is not null)
        {
            var root = app.ResolvePath(home);
            return codex ? Path.Combine(root, ".codex", "config.toml") : Path.Combine(root, ".claude", "settings.json");
        }

        var overridden = app.GetEnvironmentVariable(codex ? "CODEX_HOME" : "CLAUDE_CONFIG_DIR");
        var directory = string.IsNullOrEmpty(overridden) ? Path.Combine(app.HomeDirectory, codex ? ".codex" : ".claude") : app.ResolvePath(overridden);
        return Path.Combine(directory, codex ? "config.toml" : "settings.json");
    }
}
