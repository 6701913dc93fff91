using FlowGate.Config;
using FlowGate.Config.Reload;
using FlowGate.Routing.AspNetCore.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Serves a FlowGate configuration file (<c>providers.toml</c> or <c>flowgate.yaml</c>) and follows its edits: the file,
/// the <c>.env</c> beside it, secret files and the profile state file are watched, and a reload that has errors is
/// logged (each diagnostic as <c>file:line:col: key: message</c>) while the last good configuration keeps serving.
/// <c>UseConfigFile</c> creates one; a host that needs the loaded file before it builds (its listen address, say) opens
/// one with <see cref="Open"/> and passes it to <c>UseConfigSource</c>.
/// </summary>
public sealed partial class ConfigFileSource : IGatewayConfigSource, IDisposable
{
    private readonly FlowGateConfigProvider _provider;
    private readonly ProviderLogFilter _providerLog;
    private ILogger _logger = NullLogger.Instance;
    private int _logging;
    private Mapped _mapped;

    private ConfigFileSource(FlowGateConfigProvider provider, ProviderLogFilter providerLog)
    {
        _provider = provider;
        _providerLog = providerLog;
        var first = provider.Current;
        _mapped = new Mapped(first, FileConfigMapping.Map(first));
        provider.Reloaded += OnReloaded;
    }

    /// <summary>Raised after every reload of the file, applied, unchanged or rejected, once it has been logged.</summary>
    public event EventHandler<ConfigReloadResult>? Reloaded;

    /// <summary>Gets the file the configuration comes from (its full path).</summary>
    public string SourcePath => _provider.Current.SourcePath;

    /// <summary>Gets the whole loaded file in force: routes, gateway settings, instances, profiles.</summary>
    public FlowGateConfig Config => _provider.Current;

    /// <inheritdoc/>
    public GatewayConfig Current
    {
        get
        {
            var config = _provider.Current;
            var mapped = Volatile.Read(ref _mapped);
            if (ReferenceEquals(mapped.From, config))
            {
                return mapped.To;
            }

            // A new snapshot: map it once; a racing reader that mapped the same snapshot first wins, so every reader
            // gets the same object for it (the adapter compiles one runtime per object).
            var fresh = new Mapped(config, FileConfigMapping.Map(config));
            var seen = Interlocked.CompareExchange(ref _mapped, fresh, mapped);
            return !ReferenceEquals(seen, mapped) && ReferenceEquals(seen.From, config) ? seen.To : fresh.To;
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> and starts watching it. Nothing is logged until <see cref="AttachLogging"/>
    /// (<c>AddFlowGate</c> attaches the host's logging when it first needs the configuration).
    /// </summary>
    /// <param name="path">The configuration file; a relative path is relative to the current directory.</param>
    /// <param name="options">How to load (environment, profile); <see cref="ConfigLoadOptions.Default"/> when omitted.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ConfigLoadException">The first load has errors; the exception lists them all.</exception>
    public static ConfigFileSource Open(string path, ConfigLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var providerLog = new ProviderLogFilter();
        var provider = new FlowGateConfigProvider(path, options, logger: providerLog);
        return new ConfigFileSource(provider, providerLog);
    }

    /// <summary>Starts logging reloads, and logs the first load's warnings; a second call does nothing.</summary>
    /// <param name="loggers">The host's logger factory.</param>
    public void AttachLogging(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        if (Interlocked.Exchange(ref _logging, 1) != 0)
        {
            return;
        }

        _providerLog.Inner = loggers.CreateLogger("FlowGate.Config.Reload");
        Volatile.Write(ref _logger, loggers.CreateLogger("FlowGate.Config"));
        foreach (var diagnostic in _provider.LastDiagnostics)
        {
            LogDiagnostic(diagnostic);
        }
    }

    /// <summary>Reloads the file now, without waiting for the file watcher.</summary>
    /// <returns>What the reload did.</returns>
    public ConfigReloadResult Reload() => _provider.Reload();

    /// <inheritdoc/>
    public IChangeToken GetChangeToken() => _provider.GetChangeToken();

    /// <inheritdoc/>
    public void Dispose()
    {
        _provider.Reloaded -= OnReloaded;
        _provider.Dispose();
    }

    private void OnReloaded(object? sender, ConfigReloadResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        var config = result.Config;
        switch (result.Outcome)
        {
            case ConfigReloadOutcome.Applied:
                var models = ConfigSummary.Models(config.Routing);
                var upstreams = ConfigSummary.Count(config.Routing.Upstreams.Count, "upstream", "upstreams");
                LogApplied(_logger, config.SourcePath, models, upstreams);
                break;
            case ConfigReloadOutcome.Unchanged:
                LogUnchanged(_logger, config.SourcePath);
                break;
            default:
                LogRejected(_logger, config.SourcePath, result.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error), ConfigSummary.Count(config.Routing.Routes.Count, "route", "routes"));
                break;
        }

        Reloaded?.Invoke(this, result);
    }

    private void LogDiagnostic(ConfigDiagnostic diagnostic)
    {
        if (diagnostic.Severity == ConfigSeverity.Error)
        {
            LogError(_logger, diagnostic.ToString());
        }
        else
        {
            LogWarning(_logger, diagnostic.ToString());
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}: {Models}; {Upstreams}")]
    private static partial void LogApplied(ILogger logger, string path, string models, string upstreams);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}: unchanged")]
    private static partial void LogUnchanged(ILogger logger, string path);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Configuration reload rejected: {Path} has {Errors} error(s); still serving the last good configuration ({Routes})")]
    private static partial void LogRejected(ILogger logger, string path, int errors, string routes);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "{Diagnostic}")]
    private static partial void LogError(ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Diagnostic}")]
    private static partial void LogWarning(ILogger logger, string diagnostic);

    private sealed record Mapped(FlowGateConfig From, GatewayConfig To);
}
