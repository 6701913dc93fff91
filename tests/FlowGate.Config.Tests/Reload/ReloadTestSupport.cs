using FlowGate.Config.Documents;
using FlowGate.Routing;
using Microsoft.Extensions.Logging;

namespace FlowGate.Config.Tests.Reload;

internal static class ReloadTestSupport
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static FlowGateConfig ConfigWith(string route, string sourcePath = "/flowgate/providers.toml") => new()
    {
        Format = ConfigFormat.ProvidersToml,
        SourcePath = sourcePath,
        Routing = new RoutingConfig
        {
            Upstreams = [new UpstreamConfig { Name = "u", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8317") }],
            Routes = [new RouteConfig { Name = route, Targets = [new TargetConfig { Upstream = "u", Model = "m" }] }],
        },
    };

    public static ConfigLoadResult Good(string route, params string[] files) =>
        new() { Config = ConfigWith(route), Files = files };

    public static ConfigLoadResult Bad(params ConfigDiagnostic[] diagnostics) =>
        new() { Diagnostics = diagnostics };

    public static ConfigDiagnostic Error(string path, int line, string message) =>
        new(ConfigSeverity.Error, new SourcePosition("/flowgate/providers.toml", line, 1), path, message);

    public static string RouteOf(FlowGateConfig config) => config.Routing.Routes[0].Name;

    /// <summary>Polls until the condition holds, failing after <see cref="Timeout"/>; never a fixed sleep.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Timeout.TotalSeconds:0} s waiting until {what}");
            await Task.Delay(10);
        }
    }
}

/// <summary>A loader the test sets the next result of, counting its calls.</summary>
internal sealed class ScriptedLoader
{
    private int _calls;

    public ScriptedLoader(ConfigLoadResult first) => Next = first;

    public ConfigLoadResult Next { get; set; }

    public Func<ConfigLoadResult>? Behaviour { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public ConfigLoadResult Load()
    {
        Interlocked.Increment(ref _calls);
        return Behaviour is { } behaviour ? behaviour() : Next;
    }
}

/// <summary>
/// A tiny file format for tests with real files: the config file's text is the route name ("bad" is an error); the
/// route name gets <c>+text</c> of each extra file that exists, so editing any of them changes the config. The result
/// depends on the config and every extra file, existing or not.
/// </summary>
internal sealed class TextFileLoader(string configPath)
{
    private int _calls;
    private string[] _extras = [];

    public int Calls => Volatile.Read(ref _calls);

    public string[] Extras
    {
        get => Volatile.Read(ref _extras);
        set => Volatile.Write(ref _extras, value);
    }

    public ConfigLoadResult Load()
    {
        Interlocked.Increment(ref _calls);
        var extras = Extras;
        string[] files = [configPath, .. extras];
        string text;
        try
        {
            text = File.ReadAllText(configPath).Trim();
        }
        catch (IOException)
        {
            return new ConfigLoadResult { Diagnostics = [ReloadTestSupport.Error(string.Empty, 1, "cannot read the file.")], Files = files };
        }

        if (text is "bad" or "")
        {
            return new ConfigLoadResult
            {
                Diagnostics = [new(ConfigSeverity.Error, new SourcePosition(configPath, 1, 1), "routing", "bad route.")],
                Files = files,
            };
        }

        foreach (var extra in extras)
        {
            if (File.Exists(extra))
            {
                text += "+" + File.ReadAllText(extra).Trim();
            }
        }

        return new ConfigLoadResult { Config = ReloadTestSupport.ConfigWith(text, configPath), Files = files };
    }
}

/// <summary>A directory of its own under the temp directory, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flowgate-reload-" + Guid.NewGuid().ToString("N"));

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>Keeps every log entry, to check what was logged.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((logLevel, eventId, formatter(state, exception), exception));
        }
    }
}
