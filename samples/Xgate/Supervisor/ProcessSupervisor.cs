using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Spectre.Console;

namespace FlowGate.Xgate.Supervisor;

/// <summary>
/// Starts, watches and stops services as detached processes: each runs in its own session (<c>setsid</c>, through
/// <c>/bin/sh</c>) with stdin from <c>/dev/null</c> and stdout and stderr appended to <c>LOG_DIR/NAME.log</c>, so it
/// outlives xgate; <c>RUNTIME_DIR/NAME.pid</c> records it (see <see cref="PidFile"/>). Stopping sends SIGTERM to the
/// process group, waits the grace period, then sends SIGKILL, and removes the pid file.
/// </summary>
internal sealed class ProcessSupervisor
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _runtimeDir;
    private readonly string _logDir;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;
    private readonly string _workingDirectory;

    /// <param name="runtimeDir">Where the pid files are.</param>
    /// <param name="logDir">Where the log files are.</param>
    /// <param name="console">Where progress is reported.</param>
    /// <param name="time">The clock (uptimes, start-up waits).</param>
    /// <param name="workingDirectory">Where a service without a working directory of its own runs.</param>
    public ProcessSupervisor(string runtimeDir, string logDir, IAnsiConsole console, TimeProvider time, string workingDirectory)
    {
        _runtimeDir = runtimeDir;
        _logDir = logDir;
        _console = console;
        _time = time;
        _workingDirectory = workingDirectory;
    }

    /// <summary>The supervisor of a configuration's services (<c>paths.runtime_dir</c>, <c>paths.log_dir</c>), reporting to <paramref name="app"/>'s <see cref="XgateApp.WideConsole"/>.</summary>
    public static ProcessSupervisor For(FlowGate.Config.FlowGateConfig config, XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(app);
        return new(config.Paths.RuntimeDir, config.Paths.LogDir, app.WideConsole, app.Time, app.WorkingDirectory);
    }

    public string PidPath(ServiceSpec spec) => Path.Combine(_runtimeDir, spec.Name + ".pid");

    public string LogPath(ServiceSpec spec) => Path.Combine(_logDir, spec.Name + ".log");

    public ServiceStatus Status(ServiceSpec spec)
    {
        var pidPath = PidPath(spec);
        if (!File.Exists(pidPath))
        {
            return new ServiceStatus(spec, ServiceState.Stopped, null, null);
        }

        var pid = PidFile.Read(pidPath);
        if (pid is null || !pid.MatchesLiveProcess())
        {
            return new ServiceStatus(spec, ServiceState.Stale, pid, null);
        }

        return new ServiceStatus(spec, ServiceState.Running, pid, _time.GetUtcNow() - pid.StartedAt);
    }

    /// <summary>Starts a service unless it runs, then waits for its readiness.</summary>
    /// <returns>True when it runs and is ready.</returns>
    public async Task<bool> StartAsync(ServiceSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!spec.Supervised)
        {
            _console.MarkupLineInterpolated($"[yellow]{spec.Name}[/]: no command configured{(spec.CommandSource is { } why ? $" ({why})" : string.Empty)}; not started.");
            return spec.Kind != ServiceKind.Gateway;
        }

        var status = Status(spec);
        if (status.State == ServiceState.Running)
        {
            _console.MarkupLineInterpolated($"{spec.Name}: already running (pid {status.PidFile!.Pid}) on {spec.Address}.");
            return true;
        }

        if (status.State == ServiceState.Stale)
        {
            _console.MarkupLineInterpolated($"{spec.Name}: removing the stale pid file (pid {status.PidFile?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?"} is not this service).");
            File.Delete(PidPath(spec));
        }

        if (await Readiness.PortAnswersAsync(spec, cancellationToken).ConfigureAwait(false))
        {
            _console.MarkupLineInterpolated($"[red]{spec.Name}[/]: {spec.Address} is already in use by a process xgate did not start; stop it or change the port.");
            return false;
        }

        Directory.CreateDirectory(_runtimeDir);
        Directory.CreateDirectory(_logDir);
        var log = LogPath(spec);
        if (spec.BuildFirst.Count > 0)
        {
            _console.MarkupLineInterpolated($"{spec.Name}: building first: {string.Join(' ', spec.BuildFirst)}");
            if (await RunToLogAsync(spec.BuildFirst, spec.WorkingDirectory, _workingDirectory, log, cancellationToken).ConfigureAwait(false) != 0)
            {
                _console.MarkupLineInterpolated($"[red]{spec.Name}[/]: the build failed; see {log}");
                return false;
            }
        }

        await File.AppendAllTextAsync(log, $"=== xgate {_time.GetUtcNow():O}: starting {spec.Name}: {string.Join(' ', spec.Command)}\n", cancellationToken).ConfigureAwait(false);
        var pid = await LaunchDetachedAsync(spec, _workingDirectory, log, cancellationToken).ConfigureAwait(false);
        var started = _time.GetUtcNow();
        var stat = ProcFs.ReadStat(pid);
        var record = new PidFile { Pid = pid, StartTicks = stat?.StartTicks, StartedAt = started, Command = spec.Command };
        record.Write(PidPath(spec));

        var outcome = await Readiness.WaitAsync(spec, pid, timeout, cancellationToken).ConfigureAwait(false);
        if (ProcFs.IsAlive(pid))
        {
            // The command line the process shows now (after setsid and any exec) is the one later checks compare with.
            record = record with { CommandLine = ProcFs.ReadCommandLine(pid) };
            record.Write(PidPath(spec));
        }

        var elapsed = (_time.GetUtcNow() - started).TotalSeconds;
        switch (outcome)
        {
            case ReadinessOutcome.Ready:
                _console.MarkupLineInterpolated($"[green]{spec.Name}[/]: started (pid {pid}), ready at {spec.ReadinessUrl} after {elapsed:0.0} s; log {log}");
                return true;
            case ReadinessOutcome.Exited:
                File.Delete(PidPath(spec));
                _console.MarkupLineInterpolated($"[red]{spec.Name}[/]: exited during start-up; last lines of {log}:");
                WriteTail(log, 15);
                return false;
            default:
                _console.MarkupLineInterpolated($"[red]{spec.Name}[/]: started (pid {pid}) but not ready at {spec.ReadinessUrl} within {timeout.TotalSeconds:0.#} s; it keeps running (xgate service stop {spec.Name}). Last lines of {log}:");
                WriteTail(log, 15);
                return false;
        }
    }

    /// <summary>Stops a service: SIGTERM to its process group, SIGKILL after the grace period.</summary>
    /// <returns>True when nothing of it runs any more.</returns>
    public async Task<bool> StopAsync(ServiceSpec spec, TimeSpan grace, CancellationToken cancellationToken)
    {
        var status = Status(spec);
        switch (status.State)
        {
            case ServiceState.Stopped:
                _console.MarkupLineInterpolated($"{spec.Name}: not running.");
                return true;
            case ServiceState.Stale:
                File.Delete(PidPath(spec));
                _console.MarkupLineInterpolated($"{spec.Name}: not running; removed a stale pid file (pid {status.PidFile?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?"}).");
                return true;
        }

        var pid = status.PidFile!.Pid;
        var target = ProcFs.ReadStat(pid) is { } stat && stat.ProcessGroup == pid ? -pid : pid;
        var watch = Stopwatch.StartNew();
        await SignalAsync(target, "TERM", cancellationToken).ConfigureAwait(false);
        if (await WaitGoneAsync(pid, grace, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(PidPath(spec));
            _console.MarkupLineInterpolated($"[green]{spec.Name}[/]: stopped (pid {pid}, SIGTERM, {watch.Elapsed.TotalSeconds:0.0} s).");
            return true;
        }

        await SignalAsync(target, "KILL", cancellationToken).ConfigureAwait(false);
        var gone = await WaitGoneAsync(pid, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (gone)
        {
            File.Delete(PidPath(spec));
        }

        if (gone)
        {
            _console.MarkupLineInterpolated($"[yellow]{spec.Name}[/]: did not stop within {grace.TotalSeconds:0.#} s of SIGTERM; killed (pid {pid}, SIGKILL).");
        }
        else
        {
            _console.MarkupLineInterpolated($"[red]{spec.Name}[/]: pid {pid} survived SIGKILL.");
        }
        return gone;
    }

    public void WriteTail(string path, int lines)
    {
        foreach (var line in LogTail.Last(path, lines))
        {
            _console.WriteLine(line);
        }
    }

    private static async Task<int> LaunchDetachedAsync(ServiceSpec spec, string fallbackDirectory, string log, CancellationToken cancellationToken)
    {
        // sh starts the command in the background in a new session, prints its pid and exits: the command is
        // re-parented to init and survives xgate. setsid execs the command, so the pid is the command's.
        var detach = File.Exists("/usr/bin/setsid") || File.Exists("/bin/setsid") ? "setsid" : "nohup";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory is { } cwd && Directory.Exists(cwd) ? cwd : fallbackDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"log=\"$1\"; shift; {detach} \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add("xgate-start");
        start.ArgumentList.Add(log);
        foreach (var arg in spec.Command)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in spec.RemoveEnvironment)
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run /bin/sh");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new InvalidOperationException($"could not start {spec.Name}: {error.Trim()}");
    }

    private static async Task<int> RunToLogAsync(IReadOnlyList<string> command, string? workingDirectory, string fallbackDirectory, string log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory is { } cwd && Directory.Exists(cwd) ? cwd : fallbackDirectory,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(log, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task SignalAsync(int target, string signal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(target.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("cannot run kill");
        await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (ProcFs.IsAlive(pid))
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}

/// <summary>How a readiness wait ended.</summary>
internal enum ReadinessOutcome
{
    Ready,
    Exited,
    TimedOut,
}

/// <summary>Readiness probes: <c>GET http://HOST:PORT/READINESS_PATH</c> answering 2xx (for an instance, also 401/403: it serves, with keys).</summary>
internal static class Readiness
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(3) };

    public static async Task<ReadinessOutcome> WaitAsync(ServiceSpec spec, int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await ProbeAsync(spec, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false) is { Ready: true })
            {
                return ReadinessOutcome.Ready;
            }

            if (!ProcFs.IsAlive(pid))
            {
                return ReadinessOutcome.Exited;
            }

            if (watch.Elapsed > timeout)
            {
                return ReadinessOutcome.TimedOut;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One probe; the detail is the status code or the error.</summary>
    public static async Task<ProbeResult> ProbeAsync(ServiceSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await Http.GetAsync(spec.ReadinessUrl, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var ready = code is >= 200 and < 300 || (spec.Kind == ServiceKind.Instance && code is 401 or 403);
            return new ProbeResult(ready, code.ToString(CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, "timed out");
        }
    }

    /// <summary>Tells whether something accepts connections on the service's port.</summary>
    public static async Task<bool> PortAnswersAsync(ServiceSpec spec, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(spec.ProbeHost.Trim('[', ']'), spec.Port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>A readiness probe's answer.</summary>
internal readonly record struct ProbeResult(bool Ready, string Detail);
