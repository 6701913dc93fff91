using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowGate.Config.Profiles;
using FlowGate.Xgate.Supervisor;
using FlowGate.Xgate.Tests.Support;

namespace FlowGate.Xgate.Tests.Supervisor;

/// <summary>The supervisor against real processes: the mock upstream as an instance, the built gateway as the gateway.</summary>
public sealed class SupervisorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StartAll_RealGatewayAndInstance_RunsDetectsReportsAndStops()
    {
        var gatewayPort = XgateProcess.FreePort();
        var mockPort = XgateProcess.FreePort();
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(gatewayPort, mockPort));

        var start = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "all");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("mock: started", start.Stdout, StringComparison.Ordinal);
        Assert.Contains("gateway: started", start.Stdout, StringComparison.Ordinal);
        Assert.True(start.Stdout.IndexOf("mock: started", StringComparison.Ordinal) < start.Stdout.IndexOf("gateway: started", StringComparison.Ordinal), "instances start before the gateway");

        var mockPid = PidFile.Read(Path.Combine(_dir.Path, "run", "mock.pid"));
        var gatewayPid = PidFile.Read(Path.Combine(_dir.Path, "run", "gateway.pid"));
        Assert.NotNull(mockPid);
        Assert.NotNull(gatewayPid);
        Assert.True(mockPid.MatchesLiveProcess());
        Assert.True(gatewayPid.MatchesLiveProcess());
        Assert.Contains("FlowGate.Gateway.dll", string.Join(' ', gatewayPid.CommandLine), StringComparison.Ordinal);

        // Detached: a new session, not xgate's (which has exited).
        Assert.Equal(gatewayPid.Pid, ProcFs.ReadStat(gatewayPid.Pid)!.Value.ProcessGroup);

        using var http = new HttpClient();
        var models = await http.GetStringAsync(new Uri($"http://127.0.0.1:{gatewayPort}/v1/models"));
        Assert.Contains("router-default", models, StringComparison.Ordinal);

        var again = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "gateway");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already running", again.Stdout, StringComparison.Ordinal);

        var status = await XgateProcess.RunAsync(_dir.Path, "--config", config, "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches($@"mock\s*│\s*instance\s*│\s*127\.0\.0\.1:{mockPort}\s*│\s*{mockPid.Pid}\s*│\s*running", status.Stdout);
        Assert.Matches($@"gateway\s*│\s*gateway\s*│\s*127\.0\.0\.1:{gatewayPort}\s*│\s*{gatewayPid.Pid}\s*│\s*running", status.Stdout);
        Assert.Contains("Routes: 2", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-instance", status.All, StringComparison.Ordinal);

        var serviceStatus = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "status");
        Assert.Equal(status.Stdout.Split('\n')[0], serviceStatus.Stdout.Split('\n')[0]);

        var health = await XgateProcess.RunAsync(_dir.Path, "--config", config, "health");
        Assert.True(health.ExitCode == 0, health.ToString());
        Assert.Matches(@"mock\s*│\s*alive", health.Stdout);
        Assert.Contains("Upstreams (the gateway's GET /health)", health.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"mock\s*│\s*http://127\.0\.0\.1:{mockPort}\S*\s*│\s*healthy", health.Stdout);
        Assert.DoesNotContain("sk-instance", health.All, StringComparison.Ordinal);

        var logs = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "logs", "mock", "--lines", "20");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains($"listening on http://127.0.0.1:{mockPort}", logs.Stdout, StringComparison.Ordinal);
        var gatewayLog = await File.ReadAllTextAsync(Path.Combine(_dir.Path, "logs", "gateway.log"));
        Assert.Contains("FlowGate listening on", gatewayLog, StringComparison.Ordinal);

        var stop = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "stop", "all");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(stop.Stdout.IndexOf("gateway: stopped", StringComparison.Ordinal) < stop.Stdout.IndexOf("mock: stopped", StringComparison.Ordinal), "the gateway stops first");
        Assert.Contains("SIGTERM", stop.Stdout, StringComparison.Ordinal);
        Assert.False(ProcFs.IsAlive(gatewayPid.Pid));
        Assert.False(ProcFs.IsAlive(mockPid.Pid));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "run", "gateway.pid")));

        // The gateway ends cleanly on SIGTERM.
        Assert.Contains("Application is shutting down", await File.ReadAllTextAsync(Path.Combine(_dir.Path, "logs", "gateway.log")), StringComparison.Ordinal);

        var after = await XgateProcess.RunAsync(_dir.Path, "--config", config, "health");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("not running", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalePidFiles_DeadPidOrOtherProcess_AreReportedAndCleared()
    {
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(XgateProcess.FreePort(), XgateProcess.FreePort()));
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        var run = Directory.CreateDirectory(Path.Combine(_dir.Path, "run")).FullName;
        new PidFile { Pid = exited.Id, StartedAt = DateTimeOffset.UtcNow, Command = ["true"] }.Write(Path.Combine(run, "mock.pid"));

        // A live pid that is not the gateway (this test host): another command line.
        new PidFile { Pid = Environment.ProcessId, StartedAt = DateTimeOffset.UtcNow, Command = ["dotnet", "FlowGate.Gateway.dll"] }.Write(Path.Combine(run, "gateway.pid"));

        var status = await XgateProcess.RunAsync(_dir.Path, "--config", config, "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Matches($@"mock\s*│.*│\s*{exited.Id}\s*│\s*stale", status.Stdout);
        Assert.Matches($@"gateway\s*│.*│\s*{Environment.ProcessId}\s*│\s*stale", status.Stdout);

        var stop = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "stop", "all");
        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("removed a stale pid file", stop.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "mock.pid")));
        Assert.False(File.Exists(Path.Combine(run, "gateway.pid")));
        Assert.True(ProcFs.IsAlive(Environment.ProcessId), "a stale pid file never gets its pid signalled");
    }

    [Fact]
    public async Task Stop_ProcessIgnoringSigterm_IsKilledAfterTheGracePeriod()
    {
        var port = XgateProcess.FreePort();
        var config = _dir.Write("flowgate.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            config_version: 2
            paths: {runtime_dir: run, state_file: run/state.json, log_dir: logs, auth_dir: auths}
            services:
              stubborn:
                port: {{port}}
                command:
                  args: [/bin/sh, -c, "trap '' TERM; echo stubborn up; sleep 60"]
            litellm_base:
              model_list:
                - model_name: router-default
                  litellm_params: {model: openai/m1, api_base: "http://127.0.0.1:9/v1", api_key: sk-x}
            """));

        // It never listens: the readiness wait times out, and the process keeps running.
        var start = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "stubborn", "--timeout", "1");
        Assert.True(start.ExitCode == 1, start.ToString());
        Assert.Contains("not ready", start.Stdout, StringComparison.Ordinal);
        var pid = PidFile.Read(Path.Combine(_dir.Path, "run", "stubborn.pid"))!;
        Assert.True(pid.MatchesLiveProcess());
        Assert.Contains("stubborn up", await File.ReadAllTextAsync(Path.Combine(_dir.Path, "logs", "stubborn.log")), StringComparison.Ordinal);

        var watch = Stopwatch.StartNew();
        var stop = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "stop", "stubborn", "--grace", "1");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("killed", stop.Stdout, StringComparison.Ordinal);
        Assert.Contains("SIGKILL", stop.Stdout, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), "SIGKILL only after the grace period");
        Assert.False(ProcFs.IsAlive(pid.Pid));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "run", "stubborn.pid")));
    }

    [Fact]
    public async Task Start_CommandThatExits_FailsWithItsLog()
    {
        var port = XgateProcess.FreePort();
        var config = _dir.Write("flowgate.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            config_version: 2
            paths: {runtime_dir: run, state_file: run/state.json, log_dir: logs, auth_dir: auths}
            services:
              broken:
                port: {{port}}
                command:
                  args: [/bin/sh, -c, "echo cannot bind >&2; exit 3"]
            litellm_base:
              model_list:
                - model_name: router-default
                  litellm_params: {model: openai/m1, api_base: "http://127.0.0.1:9/v1", api_key: sk-x}
            """));

        var start = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "broken", "--timeout", "20");
        Assert.True(start.ExitCode == 1, start.ToString());
        Assert.Contains("exited during start-up", start.Stdout, StringComparison.Ordinal);
        Assert.Contains("cannot bind", start.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "run", "broken.pid")));
    }

    [Fact]
    public async Task ProfileSet_RunningGateway_PicksUpTheNewFallbackWithoutRestart()
    {
        var gatewayPort = XgateProcess.FreePort();
        var mockPort = XgateProcess.FreePort();
        var config = _dir.Write("flowgate.yaml", Configs.TwoProfilesYaml(gatewayPort, mockPort));
        var stateFile = Path.Combine(_dir.Path, "run", "state.json");
        ProfileState.WriteActiveProfile(stateFile, "alpha", TimeProvider.System);

        var start = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "all");
        Assert.True(start.ExitCode == 0, start.ToString());
        var gatewayPid = PidFile.Read(Path.Combine(_dir.Path, "run", "gateway.pid"))!.Pid;

        using var http = new HttpClient();
        async Task<string> ServedBy()
        {
            using var response = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{gatewayPort}/v1/chat/completions"), new { model = "router-default", messages = new[] { new { role = "user", content = "ping" } } });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var route = response.Headers.TryGetValues("x-flowgate-route", out var values) ? string.Join(",", values) : "-";
            return $"{(int)response.StatusCode} route={route} model={body?["model"]}";
        }

        var first = await ServedBy();
        Assert.Contains("route=router-alpha", first, StringComparison.Ordinal);
        Assert.Contains("model=alpha", first, StringComparison.Ordinal);

        // What 'xgate profile set beta' does: write the state file atomically. No restart.
        ProfileState.WriteActiveProfile(stateFile, "beta", TimeProvider.System);
        var switched = await Poll.UntilAsync(ServedBy, s => s.Contains("route=router-beta", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the gateway to follow profile beta");
        Assert.StartsWith("200", switched, StringComparison.Ordinal);
        Assert.Contains("model=beta", switched, StringComparison.Ordinal);

        var status = await XgateProcess.RunAsync(_dir.Path, "--config", config, "status");
        Assert.Contains("Active profile: beta", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(gatewayPid, PidFile.Read(Path.Combine(_dir.Path, "run", "gateway.pid"))!.Pid);
        Assert.True(ProcFs.IsAlive(gatewayPid), "the same gateway process serves the new profile");

        var stop = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "stop", "all");
        Assert.Equal(0, stop.ExitCode);
    }

    [Fact]
    public async Task Start_PortTakenByAnotherProcess_FailsWithoutStarting()
    {
        await using var squatter = await FakeServer.StartAsync(_ => { });
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(squatter.Port, XgateProcess.FreePort()));
        var start = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start", "gateway");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("already in use", start.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "run", "gateway.pid")));
    }

    [Fact]
    public void GatewayLocator_Order_EnvironmentThenOwnFolderThenClone()
    {
        var config = _dir.Write("flowgate.yaml", "x: 1");
        var fromEnv = new GatewayLocator(name => name == GatewayLocator.EnvironmentVariable ? "/opt/fg/FlowGate.Gateway.dll" : null, _dir.Path, _dir.Path).Resolve(config);
        Assert.Equal(["/opt/fg/FlowGate.Gateway.dll", "--config", config], fromEnv.Command.Skip(1));

        var own = new GatewayLocator(_ => null, AppContext.BaseDirectory, _dir.Path).Resolve(config);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "FlowGate.Gateway.dll"), own.Command[1]);

        var repo = Path.Combine(_dir.Path, "clone");
        Directory.CreateDirectory(Path.Combine(repo, "samples", "FlowGate.Gateway"));
        File.WriteAllText(Path.Combine(repo, "samples", "FlowGate.Gateway", "FlowGate.Gateway.csproj"), "<Project />");
        Directory.CreateDirectory(Path.Combine(repo, "config"));
        var cloneConfig = Path.Combine(repo, "config", "flowgate.yaml");
        var clone = new GatewayLocator(_ => null, Path.Combine(_dir.Path, "tool"), _dir.Path).Resolve(cloneConfig);
        Assert.Equal(Path.Combine(repo, "samples", "FlowGate.Gateway", "bin", "Release", "net10.0", "FlowGate.Gateway.dll"), clone.Command[1]);
        Assert.Contains("build", clone.BuildFirst);

        var none = new GatewayLocator(_ => null, Path.Combine(_dir.Path, "tool"), _dir.Path).Resolve(config);
        Assert.Empty(none.Command);
        Assert.Contains(GatewayLocator.EnvironmentVariable, none.Source, StringComparison.Ordinal);
    }
}
