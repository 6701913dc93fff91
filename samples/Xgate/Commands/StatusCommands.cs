using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Config;
using FlowGate.Xgate.Supervisor;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate status</c> (services, pids, uptime, active profile, routes) and <c>xgate health</c> (liveness, readiness, the gateway's per-upstream <c>/health</c>).</summary>
internal static class StatusCommands
{
    public static Command CreateStatus(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var command = new Command("status", "Services (port, pid, state, uptime), the active profile, the routes, and the last day's usage from the running gateway.");
        command.SetAction(async (parse, ct) =>
        {
            var code = RunStatus(parse, app);
            if (code == ExitCodes.Ok && app.LoadConfigWithoutSecretsOrReport(parse) is { } config)
            {
                await UsageSummaryAsync(app, config, ct).ConfigureAwait(false);
            }

            return code;
        });
        return command;
    }

    public static Command CreateHealth(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var timeout = new Option<double>("--timeout") { Description = "Seconds each probe may take.", DefaultValueFactory = _ => 3 };
        var command = new Command("health", "Liveness and readiness of every service, and the gateway's per-upstream health; exit 1 when anything is unhealthy.") { timeout };
        command.SetAction((parse, ct) => RunHealthAsync(parse, app, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct));
        return command;
    }

    public static int RunStatus(ParseResult parse, XgateApp app)
    {
        // Status reads pid files and the config's layout, never a secret: an unset key variable must not stop it.
        if (app.LoadConfigWithoutSecretsOrReport(parse) is not { } config)
        {
            return ExitCodes.Failure;
        }

        var console = app.WideConsole;
        var supervisor = ProcessSupervisor.For(config, app);
        var table = new Table().AddColumns("Service", "Kind", "Address", "PID", "State", "Uptime");
        var services = ServiceCatalog.From(config, app);
        foreach (var spec in services)
        {
            var status = supervisor.Status(spec);
            var state = status.State switch
            {
                ServiceState.Running => "[green]running[/]",
                ServiceState.Stale => "[yellow]stale[/]",
                _ when !spec.Supervised => "[grey]unmanaged[/]",
                _ => "stopped",
            };
            table.AddRow(
                Markup.Escape(spec.Name),
                Kind(spec.Kind),
                Markup.Escape(spec.Address),
                status.PidFile?.Pid.ToString(CultureInfo.InvariantCulture) ?? "-",
                state,
                status.Uptime is { } up ? ServiceStatus.Describe(up) : "-");
        }

        console.Write(table);
        Summary(console, config, services[^1]);
        return ExitCodes.Ok;
    }

    private static void Summary(IAnsiConsole console, FlowGateConfig config, ServiceSpec gateway)
    {
        var routing = config.Routing;
        console.MarkupLineInterpolated($"Config: {config.SourcePath}");
        console.MarkupLineInterpolated($"Active profile: {config.ActiveProfile ?? "(none)"}{(config.Profiles.Count > 0 ? $" (profiles: {string.Join(", ", config.Profiles)})" : string.Empty)}");
        console.MarkupLineInterpolated($"Routes: {routing.Routes.Count} ({routing.Aliases.Count} aliases, {routing.UpgradeRules.Count} upgrade rules), upstreams: {routing.Upstreams.Count}");
        console.MarkupLineInterpolated($"Gateway: http://{gateway.Address}");
    }

    /// <summary>The last day's totals (yesterday and today, UTC) from the gateway's usage API; a gateway that is not running is said, not an error.</summary>
    private static async Task UsageSummaryAsync(XgateApp app, FlowGateConfig config, CancellationToken ct)
    {
        var (usage, error) = await UsageCommands.FetchAsync(config, app, "1d", "route", ct).ConfigureAwait(false);
        app.WideConsole.WriteLine(usage is null
            ? $"Usage: not shown: {error}."
            : $"Usage since {usage["since"]?.GetValue<string>()} (UTC): {UsageCommands.TotalLine(usage["total"])}; see xgate usage.");
    }

    private static string Kind(ServiceKind kind) => kind switch
    {
        ServiceKind.Gateway => "gateway",
        ServiceKind.Instance => "instance",
        _ => "service",
    };

    private static async Task<int> RunHealthAsync(ParseResult parse, XgateApp app, TimeSpan timeout, CancellationToken ct)
    {
        if (app.LoadConfigOrReport(parse, warnings: true) is not { } config)
        {
            return ExitCodes.Failure;
        }

        var console = app.WideConsole;
        var supervisor = ProcessSupervisor.For(config, app);
        var reasons = new List<string>();
        var table = new Table().AddColumns("Service", "Liveness", "Readiness", "Probe", "Result");
        var services = ServiceCatalog.From(config, app);
        foreach (var spec in services)
        {
            var status = supervisor.Status(spec);
            var probe = await Readiness.ProbeAsync(spec, timeout, ct).ConfigureAwait(false);
            string liveness;
            if (status.State == ServiceState.Running)
            {
                liveness = $"[green]alive[/] (pid {status.PidFile!.Pid})";
            }
            else if (!spec.Supervised && status.State == ServiceState.Stopped)
            {
                liveness = "[grey]not supervised[/]";
            }
            else
            {
                liveness = status.State == ServiceState.Stale ? "[red]stale pid file[/]" : "[red]not running[/]";
                reasons.Add(status.State == ServiceState.Stale ? $"{spec.Name}: its pid file names a process that is gone" : $"{spec.Name} is not running");
            }

            // Something else may answer on the port: only the process xgate started (its pid file) counts as ready.
            var foreign = probe.Ready && spec.Supervised && status.State != ServiceState.Running;
            if (foreign)
            {
                reasons.Add($"{spec.Name}: another process answers on {spec.Address}, not the one xgate started");
            }
            else if (!probe.Ready)
            {
                reasons.Add($"{spec.Name}: GET {spec.ReadinessUrl}: {probe.Detail}");
            }

            table.AddRow(
                Markup.Escape(spec.Name),
                liveness,
                foreign ? "[red]not ours[/]" : probe.Ready ? "[green]ready[/]" : "[red]not ready[/]",
                Markup.Escape($"GET {spec.ReadinessUrl}"),
                Markup.Escape(probe.Detail));
        }

        console.Write(table);
        var gateway = services[^1];
        var gatewayStatus = supervisor.Status(gateway);
        if (gatewayStatus.State == ServiceState.Running || !gateway.Supervised)
        {
            if (gatewayStatus.PidFile is { } pidFile)
            {
                console.MarkupLineInterpolated($"Gateway: pid {pidFile.Pid}, serving {config.SourcePath} on http://{gateway.Address}");
            }

            if (!await UpstreamHealthAsync(console, gateway, ServiceCatalog.GatewayKey(config, app.GetEnvironmentVariable), timeout, ct).ConfigureAwait(false))
            {
                reasons.Add("the gateway reports an unreachable or unhealthy upstream (see the table above)");
            }
        }
        else
        {
            console.MarkupLineInterpolated($"Upstreams: not shown: the gateway for {config.SourcePath} is not running under xgate (start it: xgate service start).");
        }

        if (reasons.Count == 0)
        {
            console.MarkupLine("[green]healthy[/]");
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"[red]unhealthy[/]: {string.Join("; ", reasons)}.");
        return ExitCodes.Failure;
    }

    /// <summary>Shows the gateway's <c>GET /health</c> (each upstream probed by the gateway); false when it is unreachable or reports an unhealthy upstream.</summary>
    private static async Task<bool> UpstreamHealthAsync(IAnsiConsole console, ServiceSpec gateway, string? key, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = timeout + TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseUrl, "/health"));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        JsonNode? body;
        int code;
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            code = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            body = code is 200 or 503 ? JsonNode.Parse(text) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            console.MarkupLineInterpolated($"[red]Upstreams: GET {gateway.BaseUrl}health failed: {e.Message}[/]");
            return false;
        }

        if (body is null)
        {
            console.MarkupLineInterpolated($"[red]Upstreams: GET {gateway.BaseUrl}health answered {code}{(code == 401 ? " (set FLOWGATE_API_KEY to a gateway key)" : string.Empty)}[/]");
            return false;
        }

        var table = new Table().AddColumns("Upstream", "Base URL", "Health", "Status", "Latency", "Error");
        void Rows(string key, bool ok)
        {
            if (body[key] is not JsonArray items)
            {
                return;
            }

            foreach (var item in items)
            {
                table.AddRow(
                    Markup.Escape(Text(item?["upstream"])),
                    Markup.Escape(Text(item?["base_url"])),
                    ok ? "[green]healthy[/]" : "[red]unhealthy[/]",
                    Markup.Escape(Text(item?["status"])),
                    Markup.Escape(item?["latency_ms"] is { } ms ? Text(ms) + " ms" : "-"),
                    Markup.Escape(Text(item?["error"])));
            }
        }

        Rows("healthy_endpoints", true);
        Rows("unhealthy_endpoints", false);
        console.MarkupLine("Upstreams (the gateway's GET /health):");
        console.Write(table);
        return code == 200 && (body["unhealthy_endpoints"] as JsonArray ?? []).Count == 0;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
