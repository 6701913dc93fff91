using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowGate.Xgate.Tests.Support;

/// <summary>Runs the built xgate (<c>dotnet xgate.dll</c> from the test folder) as its own process, as an operator would.</summary>
internal static class XgateProcess
{
    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public static string DotnetHost
    {
        get
        {
            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
        }
    }

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Dll("xgate.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["HOME"] = workingDirectory;
        start.Environment.Remove("XDG_CACHE_HOME");
        start.Environment.Remove("FLOWGATE_API_KEY");
        start.Environment.Remove("CLIPROXY_MANAGEMENT_KEY");
        start.Environment.Remove("CLIPROXY_MANAGEMENT_URL");
        start.Environment.Remove("FLOWGATE_GATEWAY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"xgate {string.Join(' ', args)} did not finish in time.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + "\n" + Stderr;

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
