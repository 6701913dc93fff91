using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowGate.Gateway.Tests.Support;

/// <summary>
/// The built gateway (<c>FlowGate.Gateway.dll</c>, copied next to this test assembly by the project reference) run as
/// its own process with <c>dotnet</c>, its stdout and stderr captured line by line. Disposing kills the process tree.
/// Every wait is a bounded poll: no fixed sleeps.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _lock = new();

    private GatewayProcess(Process process) => _process = process;

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stdout);
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Gets the process id (for its RSS in <c>/proc</c>).</summary>
    public int Id => _process.Id;

    public static string GatewayDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "FlowGate.Gateway.dll");
            Assert.True(File.Exists(path), $"{path} is missing: the test project references samples/FlowGate.Gateway so that it is built and copied here.");
            return path;
        }
    }

    public static GatewayProcess Start(IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(GatewayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child decides its address from its arguments and config only.
        foreach (var name in (string[])["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.Add(gateway._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Add(gateway._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    public static GatewayProcess Start(params string[] args) => Start(null, args);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>; fails with the output on time-out or exit.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StartTimeout);
        while (true)
        {
            string? line;
            lock (_lock)
            {
                line = _stdout.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            }

            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"the gateway exited ({_process.ExitCode}) before printing '{text}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the gateway did not print '{text}' in time.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the gateway has printed its listening line; returns its first address.</summary>
    public async Task<Uri> WaitForListeningAsync()
    {
        var line = await WaitForOutputAsync("FlowGate listening on ");
        var rest = line[(line.IndexOf("listening on ", StringComparison.Ordinal) + "listening on ".Length)..];
        var first = rest.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)[0];
        return new Uri(first.TrimEnd('/') + "/");
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>docker stop</c> does.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? StartTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the gateway did not exit in time.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
        }
    }
}
