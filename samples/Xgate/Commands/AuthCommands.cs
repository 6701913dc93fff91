using System.CommandLine;
using System.Globalization;
using FlowGate.Xgate.Auth;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate auth login codex|copilot|antigravity</c>, <c>auth import-headless codex --source PATH</c>, <c>auth status</c>.</summary>
internal static class AuthCommands
{
    public static Command Create(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var auth = new Command("auth", "OAuth logins through CLIProxyAPI's management API, Codex token import, token file status.");
        auth.Subcommands.Add(Login(app));
        auth.Subcommands.Add(ImportHeadless(app));
        auth.Subcommands.Add(Status(app));
        return auth;
    }

    private static Command Login(XgateApp app)
    {
        var provider = new Argument<string>("provider") { Description = "codex, copilot or antigravity." };
        provider.AcceptOnlyFromAmong(ManagementEndpoints.Providers);
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the login to finish.", DefaultValueFactory = _ => 120 };
        var interval = new Option<double>("--poll-interval") { Description = "Seconds between status polls.", DefaultValueFactory = _ => 2 };
        var url = new Option<string?>("--management-url") { Description = $"CLIProxyAPI's address (default: {ManagementEndpoints.UrlVariable}, a services.cliproxyapi* entry, or {ManagementEndpoints.DefaultBase})." };
        var command = new Command("login", $"Start an OAuth login in CLIProxyAPI, print the URL to open, and wait for the result. The management key comes from {ManagementEndpoints.KeyVariable}.") { provider, timeout, interval, url };
        command.SetAction(async (parse, ct) =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var name = parse.GetValue(provider)!;
            var endpoints = ManagementEndpoints.Resolve(config, name, parse.GetValue(url), app.GetEnvironmentVariable);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
            var key = app.GetEnvironmentVariable(ManagementEndpoints.KeyVariable) is { Length: > 0 } k ? k : null;
            var login = new OAuthLogin(http, app.WideConsole, key);
            return await login.RunAsync(name, endpoints, TimeSpan.FromSeconds(parse.GetValue(timeout)), TimeSpan.FromSeconds(Math.Max(0.05, parse.GetValue(interval))), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ImportHeadless(XgateApp app)
    {
        var provider = new Argument<string>("provider") { Description = "codex." };
        provider.AcceptOnlyFromAmong("codex");
        var source = new Option<FileInfo>("--source") { Description = "Codex CLI's auth.json (usually ~/.codex/auth.json).", Required = true };
        var dest = new Option<DirectoryInfo?>("--dest") { Description = "Directory to write to (default: paths.auth_dir)." };
        var command = new Command("import-headless", "Import tokens of a device login done in Codex CLI into CLIProxyAPI's auth directory (0600 file, 0700 directory).") { provider, source, dest };
        command.SetAction(parse =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            try
            {
                var destination = parse.GetValue(dest) is { } given ? app.ResolvePath(given.ToString()) : config.Paths.AuthDir;
                var written = HeadlessImport.ImportCodex(app.ResolvePath(parse.GetValue(source)!.ToString()), destination);
                app.WideConsole.MarkupLineInterpolated($"[green]imported[/] Codex tokens to {written} (mode 0600).");
                return ExitCodes.Ok;
            }
            catch (ImportException e)
            {
                app.Err.WriteLine($"xgate: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static Command Status(XgateApp app)
    {
        var command = new Command("status", "List the OAuth token files (auth directory and secret_files): type, modification time, mode warnings. Never their contents.");
        command.SetAction(parse =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var console = app.WideConsole;
            var files = TokenFiles.List(config);
            console.MarkupLineInterpolated($"Auth directory: {config.Paths.AuthDir}{(Directory.Exists(config.Paths.AuthDir) ? string.Empty : " (absent)")}");
            if (TokenFiles.DirectoryWarning(config.Paths.AuthDir) is { } dirWarning)
            {
                console.MarkupLineInterpolated($"[yellow]warning[/]: {dirWarning}");
            }

            if (files.Count == 0)
            {
                console.MarkupLine("No token files.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("File", "Type", "Modified (UTC)", "Mode", "Notes");
            foreach (var file in files)
            {
                table.AddRow(
                    Markup.Escape(file.Path),
                    Markup.Escape(file.Type ?? "-"),
                    file.Modified?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    file.Mode is { } mode ? TokenFiles.Octal(mode) : "-",
                    file.Warning is { } w ? $"[yellow]{Markup.Escape(w)}[/]" : string.Empty);
            }

            console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
