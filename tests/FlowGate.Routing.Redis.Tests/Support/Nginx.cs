using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FlowGate.Routing.Redis.Tests.Support;

/// <summary>
/// A real nginx (the Debian package, installed by scripts/ci-setup-redis.sh) in the foreground, round-robining
/// 127.0.0.1:port over the given back ends; its files live in a temporary directory, and dispose kills it.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private Nginx(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Starts nginx, or returns <see langword="null"/> after printing SKIPPED (failing under CI=true) when it is not installed.</summary>
    public static async Task<Nginx?> StartOrSkipAsync(IEnumerable<Uri> backends)
    {
        if (RedisServer.Which("nginx") is not { } executable)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("nginx is not installed; CI installs it with scripts/ci-setup-redis.sh (called from .ci/run).");
            }

            Console.WriteLine("SKIPPED: nginx is not installed (bash scripts/ci-setup-redis.sh); the end-to-end scale-out test needs it.");
            return null;
        }

        var dir = Directory.CreateTempSubdirectory("flowgate-nginx-").FullName;
        // Its workers may run as another user (nginx started as root drops to nobody): they must be able to write here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        }
        var port = RedisServer.FreePort();
        var servers = string.Concat(backends.Select(b => $"    server {b.Host}:{b.Port.ToString(CultureInfo.InvariantCulture)};\n"));
        var conf = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, ScaleOutConfig(port, servers, dir));
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-p", dir, "-c", conf, "-e", Path.Combine(dir, "error.log")])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new Nginx(process, dir, port);
        await Eventually.TrueAsync(() => Listening(port) || process.HasExited, "nginx listening", TimeSpan.FromSeconds(30));
        Assert.False(process.HasExited, "nginx exited at start: " + ReadLog(dir));
        return nginx;
    }

    /// <summary>The configuration docs/scale-out.md gives, with this test's ports and paths.</summary>
    internal static string ScaleOutConfig(int port, string servers, string dir) => $$"""
        daemon off;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          client_body_temp_path {{dir}}/body;
          proxy_temp_path {{dir}}/proxy;
          fastcgi_temp_path {{dir}}/fastcgi;
          uwsgi_temp_path {{dir}}/uwsgi;
          scgi_temp_path {{dir}}/scgi;
          upstream flowgate {
        {{servers}}  }
          server {
            listen 127.0.0.1:{{port}};
            client_max_body_size 64m;
            location / {
              proxy_pass http://flowgate;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
              proxy_read_timeout 600s;
            }
          }
        }
        """;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing its files: the temporary directory is left behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string ReadLog(string dir) => File.Exists(Path.Combine(dir, "error.log")) ? File.ReadAllText(Path.Combine(dir, "error.log")) : "(no log)";
}
