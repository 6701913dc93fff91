using System.CommandLine;
using FlowGate.Config;
using FlowGate.Config.Profiles;
using FlowGate.Routing;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate profile list|show|set NAME</c>: the profiles of <c>flowgate.yaml</c> and the one in force.</summary>
internal static class ProfileCommands
{
    public static Command Create(XgateApp app)
    {
        var command = new Command("profile", "List, show or switch the configuration profiles (profiles.NAME of flowgate.yaml).");
        command.Subcommands.Add(List(app));
        command.Subcommands.Add(Show(app));
        command.Subcommands.Add(Set(app));
        return command;
    }

    private static Command List(XgateApp app)
    {
        var command = new Command("list", "List the profiles; the active one (from the state file) is marked with *.");
        command.SetAction(parse =>
        {
            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            if (config.Profiles.Count == 0)
            {
                app.Out.WriteLine($"{config.SourcePath} defines no profiles.");
                return ExitCodes.Ok;
            }

            var active = ProfileState.ReadActiveProfile(config.Paths.StateFile);
            var table = new Table().AddColumns("Active", "Profile", "Attempts", "Fallbacks", "Cool-down (transient)", "Allowed fails");
            foreach (var name in config.Profiles)
            {
                var marker = name == active ? "*" : string.Empty;
                var result = app.LoadConfig(parse, name);
                if (!result.Succeeded)
                {
                    table.AddRow(marker, Markup.Escape(name), $"invalid ({result.Errors.Count()} errors)", string.Empty, string.Empty, string.Empty);
                    continue;
                }

                var c = result.Config;
                var fallbacks = c.Routing.Routes.Where(r => !r.Fallbacks.IsEmpty).Select(r => $"{r.Name} -> {string.Join(", ", r.Fallbacks)}");
                table.AddRow(
                    marker,
                    Markup.Escape(name),
                    c.Routing.Retry.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(Text.List(fallbacks)),
                    Text.Duration(c.Routing.Failures.TransientCooldown),
                    c.Routing.Failures.AllowedFails.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            app.Console.Write(table);
            app.Out.WriteLine(active is null ? "No active profile (state file: " + config.Paths.StateFile + ")." : $"Active profile: {active}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(XgateApp app)
    {
        var name = new Argument<string?>("NAME") { Description = "The profile to show (default: the active one).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "Show a profile's effective settings: routes with fallbacks, attempts, cool-downs, timeouts.");
        command.Arguments.Add(name);
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(name);
            if (wanted is not null && !CheckExists(app, parse, wanted))
            {
                return ExitCodes.Failure;
            }

            var config = app.LoadConfigOrReport(parse, wanted);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            Render(app, config, wanted ?? config.ActiveProfile);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(XgateApp app)
    {
        var name = new Argument<string>("NAME") { Description = "The profile to make active." };
        var command = new Command("set", "Make a profile active: validate the config with it, then write the state file atomically (a running gateway reloads).");
        command.Arguments.Add(name);
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(name)!;
            if (!CheckExists(app, parse, wanted))
            {
                return ExitCodes.Failure;
            }

            var result = app.LoadConfig(parse, wanted);
            foreach (var diagnostic in result.Diagnostics)
            {
                app.Err.WriteLine(diagnostic.ToString());
            }

            if (!result.Succeeded)
            {
                app.Err.WriteLine($"Profile '{wanted}' does not validate; the state file is unchanged.");
                return ExitCodes.Failure;
            }

            var stateFile = result.Config.Paths.StateFile;
            ProfileState.WriteActiveProfile(stateFile, wanted, app.Time);
            app.Out.WriteLine($"Active profile: {wanted}");
            app.Out.WriteLine($"State file: {stateFile}");
            app.Out.WriteLine("A running gateway picks the change up from the state file without a restart.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Checks that the file defines the profile, printing a "did you mean" when it does not.</summary>
    private static bool CheckExists(XgateApp app, ParseResult parse, string wanted)
    {
        var path = app.ConfigPath(parse);
        var profiles = ProfileNames(path);
        if (profiles is null)
        {
            // Not readable as YAML: let the loader say why.
            foreach (var diagnostic in app.LoadConfig(parse, wanted).Diagnostics)
            {
                app.Err.WriteLine(diagnostic.ToString());
            }

            return false;
        }

        if (profiles.Contains(wanted, StringComparer.Ordinal))
        {
            return true;
        }

        var hint = profiles.Count == 0
            ? $"{path} defines no profiles."
            : $"Profiles: {string.Join(", ", profiles)}.";
        var suggestion = NameSuggestions.DidYouMean(wanted, profiles);
        app.Err.WriteLine(suggestion is null ? $"Unknown profile '{wanted}'. {hint}" : $"Unknown profile '{wanted}' (did you mean '{suggestion}'?). {hint}");
        return false;
    }

    /// <summary>The names under <c>profiles</c>, read from the file without binding it (so a broken active profile
    /// cannot hide the others); empty for <c>providers.toml</c>, null when the file cannot be read as YAML.</summary>
    internal static List<string>? ProfileNames(string path)
    {
        if (ConfigLoader.FormatOf(path) == ConfigFormat.ProvidersToml)
        {
            return File.Exists(path) ? [] : null;
        }

        try
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlDotNet.RepresentationModel.YamlMappingNode root)
            {
                return [];
            }

            return root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("profiles"), out var node) && node is YamlDotNet.RepresentationModel.YamlMappingNode profiles
                ? [.. profiles.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value ?? string.Empty)]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    private static void Render(XgateApp app, FlowGateConfig config, string? profile)
    {
        var routing = config.Routing;
        var active = ProfileState.ReadActiveProfile(config.Paths.StateFile);
        var label = profile is null ? "(none: the base settings)" : profile + (profile == active ? " (active)" : string.Empty);
        app.Out.WriteLine($"Profile: {label}");
        app.Out.WriteLine($"Config: {config.SourcePath}");
        app.Out.WriteLine($"State file: {config.Paths.StateFile}");
        app.Out.WriteLine();

        var settings = new Table().AddColumns("Setting", "Value");
        settings.AddRow("attempts per request", routing.Retry.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        settings.AddRow("default fallbacks", Markup.Escape(Text.List(routing.Retry.DefaultFallbacks)));
        settings.AddRow("allowed fails before ejection", $"{routing.Failures.AllowedFails.ToString(System.Globalization.CultureInfo.InvariantCulture)} within {Text.Duration(routing.Failures.AllowedFailsWindow)}");
        settings.AddRow("ejection: auth (401/403)", Text.Duration(routing.Failures.AuthCooldown));
        settings.AddRow("ejection: auth quota/validation", Text.Duration(routing.Failures.AuthQuotaCooldown));
        settings.AddRow("ejection: transient (408/5xx; 429/503/529 without Retry-After)", $"{Text.Duration(routing.Failures.TransientCooldown)}, doubled per ejection up to {Text.Duration(routing.Failures.MaxTransientCooldown)}");
        settings.AddRow("longest Retry-After honoured (max_cooldown)", Text.Duration(routing.Failures.MaxRetryAfter));
        settings.AddRow("request timeout", Text.Duration(config.Resilience.RequestTimeout));
        settings.AddRow("first-byte timeout", Text.Duration(config.Resilience.FirstByteTimeout));
        settings.AddRow("stream idle timeout", Text.Duration(config.Resilience.StreamIdleTimeout));
        settings.AddRow("sticky sessions", routing.Sticky.Enabled ? $"on (ttl {Text.Duration(routing.Sticky.Ttl)})" : "off");
        app.Console.Write(settings);

        var routes = new Table().AddColumns("Route", "Policy", "Targets (upstream/model weight)", "Fallbacks", "Context-window fallbacks");
        foreach (var route in routing.Routes)
        {
            routes.AddRow(
                Markup.Escape(route.Name + (route.Hidden ? " (hidden)" : string.Empty)),
                Text.Policy(route.Policy),
                Markup.Escape(string.Join("\n", route.Targets.Select(t => $"{t.Upstream}/{t.Model} {t.Weight}"))),
                Markup.Escape(Text.List(route.Fallbacks)),
                Markup.Escape(Text.List(route.ContextWindowFallbacks)));
        }

        app.Console.Write(routes);
    }
}
