using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Config;

namespace FlowGate.Xgate.Launch;

/// <summary>What <c>xgate launch</c> was asked for.</summary>
internal sealed record LaunchRequest
{
    public required string Client { get; init; }

    public LaunchMode Mode { get; init; } = LaunchMode.Gateway;

    public string? Filter { get; init; }

    public string? Main { get; init; }

    public string? Fast { get; init; }

    public string? Opus { get; init; }

    public bool? AutoUpgrade { get; init; }

    public string? BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    public string? ClientPath { get; init; }

    public bool PrintEnv { get; init; }

    public bool SkipHealthCheck { get; init; }

    /// <summary>The probe's limit, and its model list's: short, so that a hung gateway is reported, not waited on.</summary>
    public static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromSeconds(3);

    public TimeSpan HealthTimeout { get; init; } = DefaultHealthTimeout;

    public bool Interactive { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}

/// <summary>
/// The <c>cld</c> launcher: resolves the endpoint for the mode, probes the gateway (<c>GET /health/readiness</c>, 3 s unless
/// <c>--health-timeout</c> says otherwise),
/// picks the models (flags, else <c>FILTER</c> for main with the remembered fast/opus, else the picker on a terminal,
/// else the remembered or Balanced choice), applies auto-upgrade, remembers the choice, then prints the plan
/// (<c>--print-env</c>) or runs the client with inherited stdio and returns its exit code.
/// </summary>
internal sealed class Launcher
{
    /// <summary>Variables for <c>--mode direct</c> when <c>--base-url</c> / <c>--api-key</c> are not given (<c>cld</c>'s).</summary>
    public const string DirectBaseVariable = "CLD_PROXY_BASE";

    public const string DirectKeyVariable = "CLD_PROXY_KEY";

    private readonly XgateApp _app;
    private readonly LaunchCache _cache;
    private readonly Func<string, string?> _environment;

    /// <param name="app">The console the picker runs on, the streams the plan and errors go to, the environment and the cache's home.</param>
    public Launcher(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _app = app;
        _cache = LaunchCache.For(app);
        _environment = app.GetEnvironmentVariable;
    }

    public async Task<int> RunAsync(LaunchRequest request, FlowGateConfig? config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? baseUrl = null;
        string? key = null;
        IReadOnlyList<string> served = [];
        switch (request.Mode)
        {
            case LaunchMode.Gateway:
                if (config is null)
                {
                    return Fail("--mode gateway needs the gateway's configuration (--config).");
                }

                var address = Supervisor.ServiceCatalog.From(config, _app)[^1];
                baseUrl = request.BaseUrl ?? address.BaseUrl.ToString().TrimEnd('/');
                key = request.ApiKey ?? Supervisor.ServiceCatalog.GatewayKey(config, _environment);
                if (!request.SkipHealthCheck)
                {
                    using var http = NewHttp(request.HealthTimeout);
                    if (await ProbeAsync(http, baseUrl, ct).ConfigureAwait(false) is { } problem)
                    {
                        return Fail($"FlowGate is not answering at {LaunchPlan.Root(baseUrl)}/health/readiness ({problem}). Start it with 'xgate service start all', or use --mode direct / --mode official.");
                    }

                    served = await ServedModelsAsync(http, baseUrl, key, ct).ConfigureAwait(false);
                }

                break;
            case LaunchMode.Direct:
                baseUrl = request.BaseUrl ?? _environment(DirectBaseVariable);
                key = request.ApiKey ?? _environment(DirectKeyVariable);
                if (string.IsNullOrWhiteSpace(baseUrl))
                {
                    return Fail($"--mode direct needs --base-url or {DirectBaseVariable}.", ExitCodes.Usage);
                }

                break;
        }

        ModelChoice? models;
        if (request.Mode == LaunchMode.Official && request.Main is null && request.Fast is null && request.Opus is null && request.Filter is null)
        {
            models = null;
        }
        else
        {
            string? note = null;
            var catalog = config is null
                ? new ModelCatalog(served, Integration.IntegrationDefaults.ForServed(served))
                : ModelCatalog.FromConfig(config, Integration.IntegrationDefaults.Effective(config, out note), served);
            if (note is not null)
            {
                _app.Err.WriteLine(note);
            }

            var chosen = Choose(request, catalog);
            if (chosen is null)
            {
                return ExitCodes.Failure;
            }

            models = chosen;
        }

        var plan = LaunchPlan.Build(request.Client, request.Mode, baseUrl, key, models, request.ExtraArgs);
        if (request.PrintEnv)
        {
            _app.Out.Write(plan.Render(request.ClientPath ?? request.Client));
            return ExitCodes.Ok;
        }

        var program = request.ClientPath ?? FindOnPath(request.Client);
        if (program is null || !File.Exists(program))
        {
            return Fail($"{request.ClientPath ?? request.Client} not found{(request.ClientPath is null ? " on PATH" : string.Empty)}; install it or pass --client PATH.");
        }

        return await ExecAsync(program, plan, ct).ConfigureAwait(false);
    }

    private ModelChoice? Choose(LaunchRequest request, ModelCatalog catalog)
    {
        // A remembered name the config no longer serves is dropped for the Balanced preset's.
        string? Known(string key) => _cache.Read(key) is { } name && (catalog.Names.Count == 0 || catalog.Contains(name)) ? name : null;
        var balanced = catalog.Preset(Scenario.Balanced);
        var remembered = new ModelChoice(Known("main") ?? balanced.Main, Known("fast") ?? balanced.Fast, Known("opus") ?? balanced.Opus);
        var autoUpgrade = request.AutoUpgrade;
        ModelChoice choice;
        if (request.Filter is { } filter)
        {
            if (catalog.Match(filter) is not { } main)
            {
                Fail($"no model matches '{filter}'; known: {string.Join(", ", catalog.Names)}.");
                return null;
            }

            choice = remembered with { Main = main };
        }
        else if (request.Interactive && (request.Main is null || (request.Client == "claude" && (request.Fast is null || request.Opus is null))) && catalog.Names.Count > 0)
        {
            var picked = new ModelPicker(_app.Console, catalog, _cache).Pick(request.Client, remembered, autoUpgrade);
            _cache.Write("scenario", picked.Scenario.ToString());
            choice = picked.Choice;
            autoUpgrade = picked.AutoUpgrade;
        }
        else
        {
            choice = remembered;
            autoUpgrade ??= string.Equals(_cache.Read("auto_upgrade"), "on", StringComparison.OrdinalIgnoreCase);
        }

        choice = new ModelChoice(request.Main ?? choice.Main, request.Fast ?? choice.Fast, request.Opus ?? choice.Opus);
        _cache.Write("main", choice.Main);
        _cache.Write("fast", choice.Fast);
        _cache.Write("opus", choice.Opus);
        _cache.Write("auto_upgrade", autoUpgrade == true ? "on" : "off");
        return autoUpgrade == true ? choice.WithAutoUpgrade(catalog.Names.ToList()) : choice;
    }

    private static HttpClient NewHttp(TimeSpan timeout) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = timeout };

    private static async Task<string?> ProbeAsync(HttpClient http, string baseUrl, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(LaunchPlan.Root(baseUrl) + "/health/readiness"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no answer in {http.Timeout.TotalSeconds:0.###} s");
        }
    }

    private static async Task<IReadOnlyList<string>> ServedModelsAsync(HttpClient http, string baseUrl, string? key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(LaunchPlan.Root(baseUrl) + "/v1/models"));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            return body?["data"] is JsonArray data ? [.. data.Select(m => m?["id"]?.GetValue<string>()).OfType<string>()] : [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or (TaskCanceledException and not OperationCanceledException { CancellationToken.IsCancellationRequested: true }))
        {
            return [];
        }
    }

    private string? FindOnPath(string name)
    {
        foreach (var dir in (_environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<int> ExecAsync(string program, LaunchPlan plan, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in plan.Arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in plan.Unset)
        {
            start.Environment.Remove(name);
        }

        foreach (var setting in plan.Set)
        {
            start.Environment[setting.Name] = setting.Value;
        }

        // .NET cannot exec(2) in place: the client runs as a child with this terminal, and Ctrl+C is its to handle.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {program}");
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        _ = ct;
        return process.ExitCode;
    }

    private int Fail(string message, int code = ExitCodes.Failure)
    {
        _app.Err.WriteLine($"xgate launch: {message}");
        return code;
    }
}
