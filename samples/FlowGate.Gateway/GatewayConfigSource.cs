using FlowGate.Config;
using FlowGate.Config.Reload;
using FlowGate.Routing.AspNetCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Gateway;

/// <summary>
/// Serves what a <see cref="FlowGateConfigProvider"/> loads: maps each <see cref="FlowGateConfig"/> snapshot to the
/// adapter's <see cref="GatewayConfig"/> (once per snapshot, so the adapter sees one object per reload), forwards the
/// provider's change token, and logs every reload: applied, unchanged, or rejected with each diagnostic as
/// <c>file:line:col: key: message</c> (the last good configuration keeps serving).
/// </summary>
internal sealed partial class GatewayConfigSource : IGatewayConfigSource, IDisposable
{
    private readonly FlowGateConfigProvider _provider;
    private readonly ProviderLogFilter _providerLog;
    private ILogger _logger = NullLogger.Instance;
    private Mapped _mapped;

    private GatewayConfigSource(FlowGateConfigProvider provider, ProviderLogFilter providerLog)
    {
        _provider = provider;
        _providerLog = providerLog;
        var first = provider.Current;
        _mapped = new Mapped(first, Map(first));
        ListenUrl = ListenAddress.Url(first.Gateway.Host, first.Gateway.Port);
        UsageLedgerPath = first.Paths.UsageLedger;
        provider.Reloaded += OnReloaded;
    }

    /// <summary>Gets the address the first load asked for (a reload cannot move a listening server).</summary>
    public string ListenUrl { get; }

    /// <summary>Gets the usage ledger file the first load named (the ledger stays open for the process's life).</summary>
    public string UsageLedgerPath { get; }

    /// <summary>Gets the file the configuration comes from.</summary>
    public string SourcePath => _provider.Current.SourcePath;

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
            // gets the same object for it.
            var fresh = new Mapped(config, Map(config));
            var seen = Interlocked.CompareExchange(ref _mapped, fresh, mapped);
            return !ReferenceEquals(seen, mapped) && ReferenceEquals(seen.From, config) ? seen.To : fresh.To;
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> and starts watching it. Nothing is logged until <see cref="AttachLogging"/>: the
    /// address to listen on comes from this load, before the host (and its logging) is built.
    /// </summary>
    /// <param name="path">The configuration file.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ConfigLoadException">The first load has errors.</exception>
    public static GatewayConfigSource Open(string path)
    {
        var providerLog = new ProviderLogFilter();
        var provider = new FlowGateConfigProvider(path, logger: providerLog);
        return new GatewayConfigSource(provider, providerLog);
    }

    /// <summary>Starts logging reloads, and logs the first load's warnings.</summary>
    /// <param name="loggers">The host's logger factory.</param>
    public void AttachLogging(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _providerLog.Inner = loggers.CreateLogger("FlowGate.Config.Reload");
        Volatile.Write(ref _logger, loggers.CreateLogger("FlowGate.Gateway.Config"));
        foreach (var diagnostic in _provider.LastDiagnostics)
        {
            LogDiagnostic(diagnostic);
        }
    }

    /// <summary>Maps a loaded configuration to what the adapter serves by.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <returns>The adapter's configuration.</returns>
    public static GatewayConfig Map(FlowGateConfig config) => new()
    {
        Routing = config.Routing,
        ApiKeys = config.Gateway.ApiKeys,
        Limits = GatewayLimits.Default with
        {
            MaxRequestBodyBytes = config.Gateway.MaxRequestBodyBytes,
            RequestTimeout = config.Resilience.RequestTimeout,
            FirstByteTimeout = config.Resilience.FirstByteTimeout,
            StreamIdleTimeout = config.Resilience.StreamIdleTimeout,
        },
    };

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
                var models = GatewayHost.ModelSummary(config.Routing);
                var upstreams = GatewayHost.Count(config.Routing.Upstreams.Count, "upstream", "upstreams");
                LogApplied(_logger, config.SourcePath, models, upstreams);

                var url = ListenAddress.Url(config.Gateway.Host, config.Gateway.Port);
                if (!string.Equals(url, ListenUrl, StringComparison.OrdinalIgnoreCase))
                {
                    LogAddressChanged(_logger, url, ListenUrl);
                }

                break;
            case ConfigReloadOutcome.Unchanged:
                LogUnchanged(_logger, config.SourcePath);
                break;
            default:
                LogRejected(_logger, config.SourcePath, result.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error), GatewayHost.Count(config.Routing.Routes.Count, "route", "routes"));
                break;
        }
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

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "The configuration now asks for {Url}; the gateway keeps listening on {Current} until it is restarted")]
    private static partial void LogAddressChanged(ILogger logger, string url, string current);

    private sealed record Mapped(FlowGateConfig From, GatewayConfig To);

    /// <summary>
    /// The provider logs its reload outcomes and diagnostics (its events 1–5) itself; <see cref="GatewayConfigSource"/>
    /// logs them in one place from <see cref="FlowGateConfigProvider.Reloaded"/>, so those are dropped here and the
    /// rest (watch failures, failing handlers, unexpected reload failures) pass through.
    /// </summary>
    private sealed class ProviderLogFilter : ILogger
    {
        private ILogger _inner = NullLogger.Instance;

        public ILogger Inner
        {
            get => Volatile.Read(ref _inner);
            set => Volatile.Write(ref _inner, value);
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is >= 1 and <= 5)
            {
                return;
            }

            Inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
