using FlowGate.Config.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Config.Reload;

/// <summary>
/// Holds the configuration in force and reloads it when any file it was loaded from changes: the config file, the
/// <c>.env</c> beside it (also when it is created later), secret files and the profile state file. Bursts of file
/// events are debounced into one reload. A reload with errors is logged and reported, and the last good snapshot stays
/// in force; a reload that yields an equal configuration publishes nothing. Readers never lock: <see cref="Current"/>
/// is an immutable snapshot swapped atomically, and a request keeps the snapshot it began with.
/// </summary>
/// <remarks>
/// To follow changes, take <see cref="GetChangeToken"/> first and then read <see cref="Current"/> (the pattern of
/// <c>ChangeToken.OnChange</c>); the token fires after the new snapshot is in place. <see cref="Reloaded"/> handlers and
/// change-token callbacks run on the reloading thread, one reload at a time; an exception they throw is logged.
/// </remarks>
public sealed class FlowGateConfigProvider : IDisposable
{
    private static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(250);

    private readonly Func<ConfigLoadResult> _load;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _maxDelay;
    private readonly Lock _reloadLock = new();
    private readonly Lock _timerLock = new();
    private readonly ConfigFileWatcher _watcher;
    private FlowGateConfig _current;
    private IReadOnlyList<ConfigDiagnostic> _lastDiagnostics;
    private CancellationTokenSource _changeSource = new();
    private ITimer? _timer;
    private bool _pending;
    private long _pendingSince;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FlowGateConfigProvider"/> class: loads the file and starts watching.</summary>
    /// <param name="path">The configuration file (<c>providers.toml</c> or <c>flowgate.yaml</c>).</param>
    /// <param name="options">How to load; <see cref="ConfigLoadOptions.Default"/> when omitted.</param>
    /// <param name="timeProvider">The clock whose timers debounce file events; <see cref="TimeProvider.System"/> when omitted.</param>
    /// <param name="logger">Where reloads and their diagnostics are logged; nowhere when omitted.</param>
    /// <exception cref="ConfigLoadException">The first load has errors; the exception lists them all.</exception>
    public FlowGateConfigProvider(string path, ConfigLoadOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(LoaderFor(path, options), Path.GetFullPath(path), timeProvider, logger, debounce: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FlowGateConfigProvider"/> class over any loader, for tests.</summary>
    /// <param name="load">Loads the configuration; called once here and once per reload, never concurrently.</param>
    /// <param name="path">The configuration's path, for logs and for the diagnostic of an unexpected failure.</param>
    /// <param name="timeProvider">The clock whose timers debounce file events.</param>
    /// <param name="logger">Where reloads are logged.</param>
    /// <param name="debounce">How long file events must be quiet before a reload; 250 ms when omitted.</param>
    internal FlowGateConfigProvider(Func<ConfigLoadResult> load, string path, TimeProvider? timeProvider, ILogger? logger, TimeSpan? debounce)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        _path = path;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _debounce = debounce ?? DefaultDebounce;
        _maxDelay = _debounce * 4;

        var first = load();
        if (!first.Succeeded)
        {
            // The exception carries every diagnostic; start-up fails with it.
            throw new ConfigLoadException(first.Diagnostics);
        }

        ReloadLog.Diagnostics(_logger, first.Diagnostics);

        _current = first.Config;
        _lastDiagnostics = first.Diagnostics;
        _watcher = new ConfigFileWatcher(OnFileChanged, OnWatchFailed);
        _watcher.Watch(first.Files);
    }

    /// <summary>Raised after every reload, applied, unchanged or rejected, with its result.</summary>
    public event EventHandler<ConfigReloadResult>? Reloaded;

    /// <summary>Gets the configuration in force: an immutable snapshot, replaced whole when a reload applies.</summary>
    public FlowGateConfig Current => Volatile.Read(ref _current);

    /// <summary>Gets the diagnostics of the latest load, good or bad (warnings of a good load, errors of a rejected one).</summary>
    public IReadOnlyList<ConfigDiagnostic> LastDiagnostics => Volatile.Read(ref _lastDiagnostics);

    /// <summary>Gets the directories watched now, for tests.</summary>
    internal IReadOnlyCollection<string> WatchedDirectories => _watcher.Directories;

    /// <summary>Gets a token that fires once, when a reload publishes a snapshot different from the one in force now.</summary>
    /// <returns>The change token of the current generation.</returns>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changeSource).Token);

    /// <summary>Reloads now, without waiting for a file event; serialized with reloads the watcher starts.</summary>
    /// <returns>What the reload did.</returns>
    /// <exception cref="ObjectDisposedException">The provider is disposed.</exception>
    public ConfigReloadResult Reload() => ReloadCore() ?? throw new ObjectDisposedException(nameof(FlowGateConfigProvider));

    /// <summary>Stops watching and debouncing; a reload in progress finishes first. Calling it again does nothing.</summary>
    public void Dispose()
    {
        lock (_timerLock)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            _timer?.Dispose();
            _timer = null;
        }

        _watcher.Dispose();
        lock (_reloadLock)
        {
            // Waits for a reload that started before the flag was set; none starts after.
        }
    }

    /// <summary>Records a change to a watched file: the reload happens once events have been quiet for the debounce
    /// period, or at the latest four periods after the first event of a burst.</summary>
    internal void ScheduleReload()
    {
        lock (_timerLock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (!_pending)
            {
                _pending = true;
                _pendingSince = now;
            }

            var due = _debounce;
            var left = _maxDelay - _time.GetElapsedTime(_pendingSince, now);
            if (left < due)
            {
                due = left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }

            if (_timer is null)
            {
                _timer = _time.CreateTimer(static state => ((FlowGateConfigProvider)state!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static Func<ConfigLoadResult> LoaderFor(string path, ConfigLoadOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        options ??= ConfigLoadOptions.Default;
        return () => ConfigLoader.Load(fullPath, options);
    }

    private void OnFileChanged(string file)
    {
        ReloadLog.FileChanged(_logger, file);
        ScheduleReload();
    }

    private void OnWatchFailed(string directory, Exception error) => ReloadLog.WatchFailed(_logger, directory, error);

    private void OnTimer()
    {
        lock (_timerLock)
        {
            if (_disposed || !_pending)
            {
                return;
            }

            _pending = false;
        }

        ReloadCore();
    }

    private ConfigReloadResult? ReloadCore()
    {
        lock (_reloadLock)
        {
            if (Volatile.Read(ref _disposed))
            {
                return null;
            }

            ConfigLoadResult? loaded = null;
            ConfigReloadResult result;
            try
            {
                loaded = _load();
                result = Apply(loaded);
            }
#pragma warning disable CA1031 // A bug in loading must not take the process down from a timer thread: it is a rejected reload.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ReloadLog.ReloadFailed(_logger, _path, e);
                var diagnostic = new ConfigDiagnostic(
                    ConfigSeverity.Error,
                    new SourcePosition(_path, 1, 1),
                    string.Empty,
                    $"the reload failed unexpectedly ({e.GetType().Name}); the last good configuration stays in force.");
                Volatile.Write(ref _lastDiagnostics, [diagnostic]);
                result = new ConfigReloadResult(ConfigReloadOutcome.Rejected, Current, [diagnostic]);
            }

            // The set of files can change from one load to the next (a new secret file, another profile's state, a
            // state directory that now exists). A file watched only from now on may have changed between the load
            // and the watch: one more (debounced) reload closes that gap, and settles, as its set is the same.
            if (loaded is not null && _watcher.Watch(loaded.Files))
            {
                ScheduleReload();
            }

            try
            {
                Reloaded?.Invoke(this, result);
            }
#pragma warning disable CA1031 // A subscriber's bug must not stop reloading.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ReloadLog.HandlerFailed(_logger, _path, e);
            }

            return result;
        }
    }

    private ConfigReloadResult Apply(ConfigLoadResult loaded)
    {
        ReloadLog.Diagnostics(_logger, loaded.Diagnostics);
        Volatile.Write(ref _lastDiagnostics, loaded.Diagnostics);
        if (!loaded.Succeeded)
        {
            ReloadLog.Rejected(_logger, _path, loaded.Errors.Count());
            return new ConfigReloadResult(ConfigReloadOutcome.Rejected, Current, loaded.Diagnostics);
        }

        if (loaded.Config == Current)
        {
            ReloadLog.Unchanged(_logger, _path);
            return new ConfigReloadResult(ConfigReloadOutcome.Unchanged, Current, loaded.Diagnostics);
        }

        // The snapshot first, then the next generation's token, then the old token fires: a callback that takes a
        // new token and reads Current sees the new snapshot, and misses no later change.
        Volatile.Write(ref _current, loaded.Config);
        var previous = Interlocked.Exchange(ref _changeSource, new CancellationTokenSource());
        ReloadLog.Applied(_logger, _path);
        try
        {
            previous.Cancel();
        }
        catch (AggregateException e)
        {
            ReloadLog.HandlerFailed(_logger, _path, e);
        }

        return new ConfigReloadResult(ConfigReloadOutcome.Applied, loaded.Config, loaded.Diagnostics);
    }
}
