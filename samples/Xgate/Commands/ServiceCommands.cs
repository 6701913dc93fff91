using System.CommandLine;
using FlowGate.Xgate.Supervisor;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate service start|stop|restart|status|logs [all|gateway|NAME]</c>.</summary>
internal static class ServiceCommands
{
    public static Command Create(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var service = new Command("service", "Supervise the gateway and the configured instances and services (pid files, log files, readiness waits).");
        service.Subcommands.Add(Start(app));
        service.Subcommands.Add(Stop(app));
        service.Subcommands.Add(Restart(app));
        var status = new Command("status", "The same table as 'xgate status'.");
        status.SetAction(parse => StatusCommands.RunStatus(parse, app));
        service.Subcommands.Add(status);
        service.Subcommands.Add(Logs(app));
        return service;
    }

    private static Argument<string> Target(string description) => new("target")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "all",
    };

    private static Option<double> TimeoutOption() => new("--timeout")
    {
        Description = "Seconds to wait for each service's readiness.",
        DefaultValueFactory = _ => 30,
    };

    private static Option<double> GraceOption() => new("--grace")
    {
        Description = "Seconds between SIGTERM and SIGKILL.",
        DefaultValueFactory = _ => 10,
    };

    private static Command Start(XgateApp app)
    {
        var target = Target("all (instances and services, then the gateway), gateway, or a service name.");
        var timeout = TimeoutOption();
        var command = new Command("start", "Start services detached and wait until each is ready.") { target, timeout };
        command.SetAction(async (parse, ct) =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var selected = ServiceCatalog.Select(ServiceCatalog.From(config, app), parse.GetValue(target));

            var supervisor = ProcessSupervisor.For(config, app);
            var ok = true;
            foreach (var spec in selected)
            {
                ok &= await supervisor.StartAsync(spec, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct).ConfigureAwait(false);
            }

            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command Stop(XgateApp app)
    {
        var target = Target("all (the gateway first), gateway, or a service name.");
        var grace = GraceOption();
        var command = new Command("stop", "Stop services: SIGTERM, then SIGKILL after the grace period.") { target, grace };
        command.SetAction(async (parse, ct) =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var selected = ServiceCatalog.Select(ServiceCatalog.From(config, app), parse.GetValue(target));

            return await StopAllAsync(app, config, selected, TimeSpan.FromSeconds(parse.GetValue(grace)), ct).ConfigureAwait(false) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command Restart(XgateApp app)
    {
        var target = Target("all, gateway, or a service name.");
        var timeout = TimeoutOption();
        var grace = GraceOption();
        var command = new Command("restart", "Stop, then start again.") { target, timeout, grace };
        command.SetAction(async (parse, ct) =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var selected = ServiceCatalog.Select(ServiceCatalog.From(config, app), parse.GetValue(target));

            var ok = await StopAllAsync(app, config, selected, TimeSpan.FromSeconds(parse.GetValue(grace)), ct).ConfigureAwait(false);
            var supervisor = ProcessSupervisor.For(config, app);
            foreach (var spec in selected)
            {
                ok &= await supervisor.StartAsync(spec, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct).ConfigureAwait(false);
            }

            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task<bool> StopAllAsync(XgateApp app, FlowGate.Config.FlowGateConfig config, IReadOnlyList<ServiceSpec> selected, TimeSpan grace, CancellationToken ct)
    {
        var supervisor = ProcessSupervisor.For(config, app);
        var ok = true;
        foreach (var spec in selected.Reverse())
        {
            ok &= await supervisor.StopAsync(spec, grace, ct).ConfigureAwait(false);
        }

        return ok;
    }

    private static Command Logs(XgateApp app)
    {
        var target = Target("all, gateway, or a service name.");
        var lines = new Option<int>("--lines", "-n") { Description = "How many lines from the end.", DefaultValueFactory = _ => 50 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing what is appended, until Ctrl+C." };
        var command = new Command("logs", "Print the end of services' log files.") { target, lines, follow };
        lines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--lines must be 0 or more.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
            {
                return ExitCodes.Failure;
            }

            var selected = ServiceCatalog.Select(ServiceCatalog.From(config, app), parse.GetValue(target));

            var supervisor = ProcessSupervisor.For(config, app);
            var files = selected.Select(s => (s.Name, supervisor.LogPath(s))).ToList();
            foreach (var (name, path) in files)
            {
                if (files.Count > 1)
                {
                    app.Out.WriteLine($"==> {name} ({path}) <==");
                }

                if (!File.Exists(path))
                {
                    app.Out.WriteLine($"(no log yet: {path})");
                    continue;
                }

                foreach (var line in LogTail.Last(path, parse.GetValue(lines)))
                {
                    app.Out.WriteLine(line);
                }
            }

            if (parse.GetValue(follow))
            {
                await LogTail.FollowAsync(files, app.Out, ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
