using Microsoft.Extensions.Time.Testing;

namespace FlowGate.Xgate.Tests;

/// <summary>The result of one in-process xgate run.</summary>
internal sealed record XgateResult(int ExitCode, string Out, string Err)
{
    public string All => Out + Err;
}

/// <summary>
/// A throw-away repository layout (working directory, home directory, environment) that runs xgate in-process through
/// <see cref="XgateCli.Run(XgateApp, string[])"/> with captured output: the real parser, no mocks.
/// </summary>
internal sealed class XgateHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 2, 27, 10, 15, 0, TimeSpan.Zero);

    public XgateHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "xgate-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "config"));
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Home);
    }

    public string Root { get; }

    public string Home { get; }

    public FakeTimeProvider Time { get; } = new(Now);

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the repository this test runs from (the directory holding FlowGate.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowGate.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("FlowGate.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    /// <summary>Compares with a golden file; with XGATE_UPDATE_GOLDEN=1 rewrites it in the source tree first (review the diff).</summary>
    public static void AssertGolden(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("XGATE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(RepoRoot, "tests", "Xgate.Tests", "Golden", name), actual);
            return;
        }

        Assert.Equal(Golden(name), actual);
    }

    /// <summary>Writes a file relative to <see cref="Root"/> and returns its full path.</summary>
    public string Write(string relative, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>The repository's example <c>config/flowgate.yaml</c> with its secret file and environment.</summary>
    public string UseExampleYaml()
    {
        Write("config/flowgate.yaml", File.ReadAllText(Path.Combine(RepoRoot, "config", "flowgate.yaml")));
        Write(".router/secrets/upstream_cliproxyapi_api_key", "sk-local-test\n");
        Env["CUSTOM_API_KEY"] = "sk-dummy";
        return Path.Combine(Root, "config", "flowgate.yaml");
    }

    /// <summary>The repository's <c>providers.toml.example</c> as <c>providers.toml</c>, with RELAY_KEY set.</summary>
    public string UseExampleToml(string relayKey = "sk-relay-test")
    {
        Write("providers.toml", File.ReadAllText(Path.Combine(RepoRoot, "providers.toml.example")));
        Env["RELAY_KEY"] = relayKey;
        return Path.Combine(Root, "providers.toml");
    }

    public XgateResult Run(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var app = new XgateApp
        {
            Out = output,
            Err = error,
            GetEnvironmentVariable = name => Env.GetValueOrDefault(name),
            WorkingDirectory = Root,
            HomeDirectory = Home,
            Time = Time,
        };
        var code = XgateCli.Run(app, args);
        return new XgateResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Replaces the temporary root in output so it can be compared with a golden file.</summary>
    public string Clean(string text) => text.Replace(Root, "<ROOT>", StringComparison.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
