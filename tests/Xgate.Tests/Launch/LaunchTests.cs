using System.Diagnostics;
using System.Text.RegularExpressions;
using FlowGate.Xgate.Launch;
using FlowGate.Xgate.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Xgate.Tests.Launch;

/// <summary><c>launch --print-env</c> for each mode and client, against a fake gateway (readiness and <c>/v1/models</c>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LaunchTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private FakeServer _gateway = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeServer.StartAsync(app =>
        {
            app.MapGet("/health/readiness", () => Results.Json(new { status = "ready" }));
            app.MapGet("/v1/models", () => Results.Json(new
            {
                @object = "list",
                data = new[] { "router-default", "router-fast", "router-opus", "router-default.auto" }.Select(id => new { id, @object = "model" }),
            }));
        });
        _config = _dir.Write("flowgate.yaml", Configs.LaunchYaml(_gateway.Port));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The probe's limit for these tests: a cold xgate process on a loaded CI machine can take longer than the default
    /// 3 s over its first request (its own start-up, not the fake gateway's answer), and these tests are about the
    /// plan, not about how long a gateway may take.
    /// </summary>
    private static readonly string[] Patient = ["--health-timeout", "60"];

    private Task<XgateProcess.Result> Launch(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        XgateProcess.RunAsync(_dir.Path, env, ["--config", _config, "launch", "--print-env", .. Patient, .. args]);

    private static Dictionary<string, string> Vars(string output) =>
        output.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith("exec ", StringComparison.Ordinal) && !l.StartsWith("unset ", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    [Fact]
    public async Task Claude_GatewayMode_SetsTheGatewayAndModelsAndClearsApiKeyAndProxies()
    {
        var result = await Launch(null, "claude");
        Assert.True(result.ExitCode == 0, result.ToString());
        var vars = Vars(result.Stdout);
        Assert.Equal($"http://127.0.0.1:{_gateway.Port}", vars["ANTHROPIC_BASE_URL"]);
        Assert.Equal(LaunchPlan.Placeholder, vars["ANTHROPIC_AUTH_TOKEN"]);
        Assert.Equal("router-default", vars["ANTHROPIC_MODEL"]);
        Assert.Equal("router-default", vars["ANTHROPIC_DEFAULT_SONNET_MODEL"]);
        Assert.Equal("router-fast", vars["ANTHROPIC_DEFAULT_HAIKU_MODEL"]);
        Assert.Equal("router-fast", vars["CLAUDE_CODE_SUBAGENT_MODEL"]);
        Assert.Equal("router-opus", vars["ANTHROPIC_DEFAULT_OPUS_MODEL"]);
        foreach (var name in (string[])["ANTHROPIC_API_KEY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"])
        {
            Assert.Contains($"unset {name}\n", result.Stdout, StringComparison.Ordinal);
        }

        Assert.EndsWith("exec claude\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_GatewayKeyFromEnvironment_IsMasked()
    {
        var result = await Launch(new Dictionary<string, string?> { ["FLOWGATE_API_KEY"] = "sk-gateway-real" }, "claude");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("***", Vars(result.Stdout)["ANTHROPIC_AUTH_TOKEN"]);
        Assert.DoesNotContain("sk-gateway-real", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codex_GatewayMode_AddsTheResponsesProviderOverrides()
    {
        var result = await Launch(new Dictionary<string, string?> { ["FLOWGATE_API_KEY"] = "sk-gateway-real" }, "codex", "--main", "router-fast", "--", "--full-auto");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("***", Vars(result.Stdout)["FLOWGATE_API_KEY"]);
        var exec = result.Stdout.Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        Assert.Equal(
            $"exec codex -c 'model_provider=\"flowgate\"' -c 'model_providers.flowgate.name=\"FlowGate\"' -c 'model_providers.flowgate.base_url=\"http://127.0.0.1:{_gateway.Port}/v1\"' -c 'model_providers.flowgate.wire_api=\"responses\"' -c 'model_providers.flowgate.env_key=\"FLOWGATE_API_KEY\"' -m router-fast --full-auto",
            exec);
        Assert.DoesNotContain("sk-gateway-real", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    public async Task DirectMode_UsesCldVariablesOrFlags(string client)
    {
        var env = new Dictionary<string, string?> { ["CLD_PROXY_BASE"] = "http://10.1.2.3:8145/v1", ["CLD_PROXY_KEY"] = "sk-direct" };
        var result = await Launch(env, client, "--mode", "direct", "--main", "m-main", "--fast", "m-fast", "--opus", "m-opus");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("sk-direct", result.All, StringComparison.Ordinal);
        if (client == "claude")
        {
            var vars = Vars(result.Stdout);
            Assert.Equal("http://10.1.2.3:8145", vars["ANTHROPIC_BASE_URL"]);
            Assert.Equal("***", vars["ANTHROPIC_AUTH_TOKEN"]);
            Assert.Equal("m-main", vars["ANTHROPIC_MODEL"]);
            Assert.Equal("m-opus", vars["ANTHROPIC_DEFAULT_OPUS_MODEL"]);
            Assert.Equal("m-fast", vars["CLAUDE_CODE_SUBAGENT_MODEL"]);
        }
        else
        {
            Assert.Contains("model_providers.flowgate.base_url=\"http://10.1.2.3:8145/v1\"", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("-m m-main", result.Stdout, StringComparison.Ordinal);
        }

        var flags = await Launch(null, client, "--mode", "direct", "--base-url", "http://127.0.0.1:9999", "--api-key", "k2", "--main", "x");
        Assert.Equal(0, flags.ExitCode);
        Assert.Contains("127.0.0.1:9999", flags.Stdout, StringComparison.Ordinal);

        var missing = await Launch(null, client, "--mode", "direct");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("CLD_PROXY_BASE", missing.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    public async Task OfficialMode_InjectsNoBaseUrlOrKey(string client)
    {
        var result = await Launch(new Dictionary<string, string?> { ["FLOWGATE_API_KEY"] = "sk-gateway-real" }, client, "--mode", "official");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("BASE_URL=", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN=", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("model_provider", result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"exec {client}", result.Stdout.Trim().Split('\n')[^1]);
        if (client == "claude")
        {
            Assert.Contains("unset ANTHROPIC_BASE_URL", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Filter_PicksMainBySubstring_AndAutoUpgradePicksDotAuto()
    {
        var filtered = await Launch(null, "claude", "opus");
        Assert.True(filtered.ExitCode == 0, filtered.ToString());
        Assert.Equal("router-opus", Vars(filtered.Stdout)["ANTHROPIC_MODEL"]);

        var upgraded = await Launch(null, "claude", "router-default", "--auto-upgrade");
        Assert.Equal("router-default.auto", Vars(upgraded.Stdout)["ANTHROPIC_MODEL"]);
        Assert.Equal("router-default.auto", Vars(upgraded.Stdout)["ANTHROPIC_DEFAULT_SONNET_MODEL"]);

        // No .auto for router-fast: it stays.
        var plain = await Launch(null, "claude", "--main", "router-fast", "--auto-upgrade");
        Assert.Equal("router-fast", Vars(plain.Stdout)["ANTHROPIC_MODEL"]);

        var none = await Launch(null, "claude", "zzz");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no model matches 'zzz'", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choices_AreRememberedUnderXdgCacheHome()
    {
        var cache = Path.Combine(_dir.Path, "xdg");
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache };
        var first = await Launch(env, "claude", "--main", "router-opus", "--fast", "router-default", "--auto-upgrade");
        Assert.Equal(0, first.ExitCode);
        var dir = Path.Combine(cache, "flowgate", "launch");
        Assert.Equal("router-opus", File.ReadAllText(Path.Combine(dir, "last_main")).Trim());
        Assert.Equal("router-default", File.ReadAllText(Path.Combine(dir, "last_fast")).Trim());
        Assert.Equal("on", File.ReadAllText(Path.Combine(dir, "last_auto_upgrade")).Trim());

        // No flags, no terminal: the remembered choice. A filter replaces main and keeps fast and opus.
        var again = Vars((await Launch(env, "claude")).Stdout);
        Assert.Equal("router-opus", again["ANTHROPIC_MODEL"]);
        Assert.Equal("router-default", again["ANTHROPIC_DEFAULT_HAIKU_MODEL"]);
        var filtered = Vars((await Launch(env, "claude", "router-default", "--no-auto-upgrade")).Stdout);
        Assert.Equal("router-default", filtered["ANTHROPIC_MODEL"]);
        Assert.Equal("router-default", filtered["ANTHROPIC_DEFAULT_HAIKU_MODEL"]);

        // Without XDG_CACHE_HOME: $HOME/.cache (the runner sets HOME to the temp directory).
        await Launch(null, "claude", "--main", "router-fast");
        Assert.Equal("router-fast", File.ReadAllText(Path.Combine(_dir.Path, ".cache", "flowgate", "launch", "last_main")).Trim());
    }

    [Fact]
    public async Task GatewayDown_FailsWithAClearMessage()
    {
        var config = _dir.Write("down.yaml", Configs.LaunchYaml(XgateProcess.FreePort()));
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", config, "launch", "claude", "--print-env");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FlowGate is not answering at", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("xgate service start", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3601")]
    public async Task AHealthTimeoutOutOfRange_IsAUsageError(string seconds)
    {
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", _config, "launch", "claude", "--print-env", "--health-timeout", seconds);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--health-timeout takes seconds", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_RunsTheClientWithTheEnvironmentAndReturnsItsExitCode()
    {
        var client = _dir.Write("fake-claude", "#!/bin/sh\necho \"MODEL=$ANTHROPIC_MODEL KEY=${ANTHROPIC_API_KEY:-none} PROXY=${HTTPS_PROXY:-none} ARGS=$*\"\nexit 7\n");
        File.SetUnixFileMode(client, (UnixFileMode)Convert.ToInt32("755", 8));
        var env = new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = "sk-old", ["HTTPS_PROXY"] = "http://proxy:3128" };
        var result = await XgateProcess.RunAsync(_dir.Path, env, ["--config", _config, "launch", "claude", "--main", "router-fast", "--client", client, .. Patient, "--", "--resume"]);
        Assert.Equal(7, result.ExitCode);
        Assert.Contains("MODEL=router-fast KEY=none PROXY=none ARGS=--resume", result.Stdout, StringComparison.Ordinal);

        var missing = await XgateProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["PATH"] = _dir.Path }, ["--config", _config, "launch", "codex", "--main", "x", .. Patient]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not found on PATH", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_FollowTheConfigsIntegrationAndRouteNames()
    {
        var integration = new FlowGate.Config.Settings.IntegrationSettings { DefaultModel = "router-default", FastModel = "router-flash" };
        var catalog = new ModelCatalog(["router-default", "router-flash", "claude-opus-4.6", "router-default.auto", "gpt-5-mini"], integration);
        Assert.Equal(new ModelChoice("router-default", "router-flash", "router-default"), catalog.Preset(Scenario.Auto));
        Assert.Equal(new ModelChoice("claude-opus-4.6", "router-default", "claude-opus-4.6"), catalog.Preset(Scenario.Performance));
        Assert.Equal(new ModelChoice("router-default", "router-flash", "claude-opus-4.6"), catalog.Preset(Scenario.Balanced));
        Assert.Equal(new ModelChoice("router-flash", "router-flash", "router-flash"), catalog.Preset(Scenario.Economy));
        Assert.Equal("router-default.auto", catalog.Preset(Scenario.Auto).WithAutoUpgrade(catalog.Names).Main);
        Assert.Equal("claude-opus-4.6", catalog.Match("OPUS"));
    }
}

/// <summary>The interactive picker in a real pseudo-terminal (tmux): type to filter, Enter to pick.</summary>
public sealed class LaunchPickerTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _socket = "xgate-test-" + Guid.NewGuid().ToString("N")[..8];
    private FakeServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await FakeServer.StartAsync(app =>
    {
        app.MapGet("/health/readiness", () => Results.Json(new { status = "ready" }));
        app.MapGet("/v1/models", () => Results.Json(new { data = new[] { new { id = "router-default" }, new { id = "router-fast" }, new { id = "router-opus" }, new { id = "router-default.auto" } } }));
    });

    public async Task DisposeAsync()
    {
        await Tmux("kill-server");
        await _gateway.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Picker_TypeToFilterScenarioThenCustomModels_LaunchesWithThePickedModels()
    {
        if (Which("tmux") is null)
        {
            // CI installs tmux (scripts/ci-setup-xgate.sh); a developer machine without it skips this one test.
            Console.WriteLine("SKIPPED: tmux is not installed (apt-get install -y tmux); the picker test needs a pseudo-terminal.");
            return;
        }

        var config = _dir.Write("flowgate.yaml", Configs.LaunchYaml(_gateway.Port));
        var script = _dir.Write("run.sh", $"""
            #!/bin/sh
            cd '{_dir.Path}'
            HOME='{_dir.Path}' XDG_CACHE_HOME='{_dir.Path}/xdg' '{XgateProcess.DotnetHost}' '{XgateProcess.Dll("xgate.dll")}' --config '{config}' launch claude --print-env
            echo "XGATE_EXIT=$?"
            sleep 120
            """);
        Assert.Equal(0, await Tmux("new-session", "-d", "-s", "pick", "-x", "200", "-y", "50", "sh " + script));

        // Scenario: type "cust" to filter down to Custom, Enter.
        await WaitForScreen("Scenario");
        await Tmux("send-keys", "-t", "pick", "-l", "cust");
        await WaitForScreen("Custom");
        await Tmux("send-keys", "-t", "pick", "Enter");

        // Main: filter "opus"; fast: filter "fast"; opus: the first (remembered/first listed).
        await WaitForScreen("Main model");
        await Tmux("send-keys", "-t", "pick", "-l", "opus");
        await WaitForSelected("opus");
        await Tmux("send-keys", "-t", "pick", "Enter");
        await WaitForScreen("Fast model");
        await Tmux("send-keys", "-t", "pick", "-l", "fast");
        await WaitForSelected("fast");
        await Tmux("send-keys", "-t", "pick", "Enter");
        await WaitForScreen("Opus model");
        await Tmux("send-keys", "-t", "pick", "-l", "router-default");
        await WaitForSelected("router-default");
        await Tmux("send-keys", "-t", "pick", "Enter");

        var screen = await WaitForScreen("XGATE_EXIT=");
        Assert.Contains("XGATE_EXIT=0", screen, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_MODEL=router-opus", screen, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_DEFAULT_HAIKU_MODEL=router-fast", screen, StringComparison.Ordinal);
        Assert.Contains("CLAUDE_CODE_SUBAGENT_MODEL=router-fast", screen, StringComparison.Ordinal);
        Assert.Matches(@"ANTHROPIC_DEFAULT_OPUS_MODEL=router-default(\.auto)?\b", screen);
        Assert.Equal("Custom", File.ReadAllText(Path.Combine(_dir.Path, "xdg", "flowgate", "launch", "last_scenario")).Trim());
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Waits until the picker's highlighted line (Spectre marks it with <c>&gt;</c>) holds the typed filter, so that
    /// Enter is pressed only after the filter applied (a fixed pause raced the picker on a loaded CI machine).
    /// </summary>
    private async Task WaitForSelected(string filter)
    {
        var selected = new Regex(@"^\s*>\s*\S*" + Regex.Escape(filter), RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var screen = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            screen = await Capture();
            if (selected.IsMatch(screen))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the picker never highlighted '{filter}'; it shows:\n{screen}");
    }

    private async Task<string> WaitForScreen(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var screen = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            screen = await Capture();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the pane never showed '{text}'; it shows:\n{screen}");
        return screen;
    }

    private async Task<string> Capture()
    {
        var start = new ProcessStartInfo("tmux", ["-L", _socket, "capture-pane", "-p", "-t", "pick", "-S", "-100"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private async Task<int> Tmux(params string[] args)
    {
        if (Which("tmux") is null)
        {
            return -1;
        }

        var start = new ProcessStartInfo("tmux", ["-L", _socket, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("TMUX");
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
