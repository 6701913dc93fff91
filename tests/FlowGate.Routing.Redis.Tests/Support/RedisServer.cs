using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowGate.Routing.Redis.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (the Debian package, installed by scripts/ci-setup-redis.sh) on its own free loopback port,
/// without persistence; killed on dispose. It can be killed and started again on the same port.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string SetupScript = "scripts/ci-setup-redis.sh";
    private Process? _process;

    private static readonly HashSet<int> HandedOut = [];

    private RedisServer(string executable, int port)
    {
        Executable = executable;
        Port = port;
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server, or returns <see langword="null"/> (having printed SKIPPED) when redis-server is not installed on a
    /// developer machine. Under CI (CI=true) a missing redis-server fails the test and names the setup script.
    /// </summary>
    public static async Task<RedisServer?> StartOrSkipAsync()
    {
        if (Which("redis-server") is not { } executable)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"redis-server is not installed; CI installs it with {SetupScript} (called from .ci/run).");
            }

            Console.WriteLine($"SKIPPED: redis-server is not installed (bash {SetupScript}); the scale-out tests need a real Redis.");
            return null;
        }

        var server = new RedisServer(executable, FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await PingsAsync())
        {
            Assert.False(_process.HasExited, "redis-server exited at start");
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Kills the server (as a crash would) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A free port below the kernel's ephemeral range, never handed out twice in this process. A server killed to test an
    /// outage leaves its port free until it restarts there; a port from the ephemeral range could meanwhile go to anything
    /// bound to port 0 (a mock, a replica's Kestrel, an outgoing connection), which the replicas would then reach instead.
    /// </summary>
    internal static int FreePort()
    {
        var below = EphemeralLow();
        lock (HandedOut)
        {
            for (var tries = 0; tries < 1000; tries++)
            {
                var port = Random.Shared.Next(10_000, below);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken by another process: try another.
                }
            }
        }

        throw new InvalidOperationException("no free loopback port below the ephemeral range");
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), 11_000);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }

    internal static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
