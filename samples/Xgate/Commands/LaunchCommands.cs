using System.CommandLine;
using FlowGate.Config;
using FlowGate.Xgate.Launch;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate launch claude|codex [FILTER] [-- CLIENT ARGS]</c>: the <c>cld</c> launcher.</summary>
internal static class LaunchCommands
{
    public static Command Create(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = new Argument<string>("client") { Description = "claude (Claude Code) or codex (Codex CLI)." };
        client.AcceptOnlyFromAmong("claude", "codex");
        var filter = new Argument<string?>("filter") { Description = "Pick the main model by substring (as 'cld cp FILTER'); fast and opus are the remembered ones.", Arity = ArgumentArity.ZeroOrOne };
        var clientArgs = new Argument<string[]>("client-args") { Description = "Arguments for the client, after --.", Arity = ArgumentArity.ZeroOrMore };
        var mode = new Option<string>("--mode") { Description = "gateway (FlowGate from --config), direct (--base-url/--api-key or CLD_PROXY_BASE/CLD_PROXY_KEY), or official (nothing injected).", DefaultValueFactory = _ => "gateway" };
        mode.AcceptOnlyFromAmong("gateway", "direct", "official");
        var main = new Option<string?>("--main") { Description = "Main model (ANTHROPIC_MODEL and the sonnet slot; codex -m)." };
        var fast = new Option<string?>("--fast") { Description = "Fast model (haiku slot, CLAUDE_CODE_SUBAGENT_MODEL)." };
        var opus = new Option<string?>("--opus") { Description = "Opus slot model." };
        var autoUpgrade = new Option<bool>("--auto-upgrade") { Description = "Use MAIN.auto when the gateway serves it." };
        var noAutoUpgrade = new Option<bool>("--no-auto-upgrade") { Description = "Use MAIN as chosen." };
        var baseUrl = new Option<string?>("--base-url") { Description = "The endpoint for --mode direct (or to override the gateway's address)." };
        var apiKey = new Option<string?>("--api-key") { Description = "The key for --mode direct (default: CLD_PROXY_KEY); gateway mode uses FLOWGATE_API_KEY or the config's key." };
        var clientPath = new Option<string?>("--client") { Description = "The client executable (default: claude / codex on PATH)." };
        var printEnv = new Option<bool>("--print-env") { Description = "Print the environment and command instead of running the client (keys shown as ***)." };
        var noHealth = new Option<bool>("--no-health-check") { Description = "Skip the gateway probe (GET /health/readiness)." };
        var healthTimeout = new Option<double>("--health-timeout")
        {
            Description = "Seconds the gateway probe, and then its model list, may each take.",
            DefaultValueFactory = _ => LaunchRequest.DefaultHealthTimeout.TotalSeconds,
        };
        healthTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                r.AddError("--health-timeout takes seconds, more than 0 and at most 3600.");
            }
        });
        var command = new Command("launch", "Run Claude Code or Codex through FlowGate with the models chosen (interactively, by FILTER, or by --main/--fast/--opus).")
        {
            client, filter, clientArgs, mode, main, fast, opus, autoUpgrade, noAutoUpgrade, baseUrl, apiKey, clientPath, printEnv, noHealth, healthTimeout,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(autoUpgrade) && r.GetValue(noAutoUpgrade))
            {
                r.AddError("--auto-upgrade and --no-auto-upgrade exclude each other.");
            }

        });
        command.SetAction(async (parse, ct) =>
        {
            var modeValue = Enum.Parse<LaunchMode>(parse.GetValue(mode)!, ignoreCase: true);
            FlowGateConfig? config = null;
            if (modeValue == LaunchMode.Gateway || File.Exists(app.ConfigPath(parse)))
            {
                config = app.LoadConfigOrReport(parse, warnings: true);
                if (config is null)
                {
                    return ExitCodes.Failure;
                }
            }

            var filterValue = parse.GetValue(filter);
            var extra = parse.GetValue(clientArgs) ?? [];
            if (filterValue is not null && filterValue.StartsWith('-'))
            {
                extra = [filterValue, .. extra];
                filterValue = null;
            }

            var request = new LaunchRequest
            {
                Client = parse.GetValue(client)!,
                Mode = modeValue,
                Filter = filterValue,
                Main = parse.GetValue(main),
                Fast = parse.GetValue(fast),
                Opus = parse.GetValue(opus),
                AutoUpgrade = parse.GetValue(autoUpgrade) ? true : parse.GetValue(noAutoUpgrade) ? false : null,
                BaseUrl = parse.GetValue(baseUrl),
                ApiKey = parse.GetValue(apiKey),
                ClientPath = parse.GetValue(clientPath),
                PrintEnv = parse.GetValue(printEnv),
                SkipHealthCheck = parse.GetValue(noHealth),
                HealthTimeout = TimeSpan.FromSeconds(parse.GetValue(healthTimeout)),
                Interactive = app.IsInputTerminal && app.IsTerminal,
                ExtraArgs = extra,
            };
            return await new Launcher(app).RunAsync(request, config, ct).ConfigureAwait(false);
        });
        return command;
    }
}
