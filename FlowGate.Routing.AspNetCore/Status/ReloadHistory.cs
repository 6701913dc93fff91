using FlowGate.Config;
using FlowGate.Config.Reload;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// The last <see cref="Capacity"/> reloads (applied or rejected) of a file-backed configuration, newest last, with their diagnostics (the
/// same lines the log gets: file, line, column, key path and message, never a secret value), and the profile in force.
/// Fed by <see cref="ConfigFileSource.Reloaded"/>; empty when the configuration is given in code.
/// </summary>
internal sealed class ReloadHistory
{
    public const int Capacity = 20;

    private readonly Lock _gate = new();
    private readonly Queue<ReloadRecord> _reloads = new();
    private readonly ConfigFileSource? _source;
    private readonly TimeProvider _time;

    public ReloadHistory(IGatewayConfigSource source, TimeProvider time)
    {
        _time = time;
        _source = source as ConfigFileSource;
        if (_source is not null)
        {
            _source.Reloaded += OnReloaded;
        }
    }

    /// <summary>Gets the active profile of a file-backed configuration (null when none is active, or the config is in code).</summary>
    public string? ActiveProfile => _source?.Config.ActiveProfile;

    /// <summary>Gets the configuration file served, if any.</summary>
    public string? SourcePath => _source?.SourcePath;

    public IReadOnlyList<ReloadRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _reloads];
        }
    }

    private void OnReloaded(object? sender, ConfigReloadResult result)
    {
        // A file saved without a change is not a reload worth listing.
        if (result.Outcome == ConfigReloadOutcome.Unchanged)
        {
            return;
        }

        var record = new ReloadRecord(
            _time.GetUtcNow(),
            result.Outcome == ConfigReloadOutcome.Applied ? "applied" : "rejected",
            result.Config.ActiveProfile,
            [.. result.Diagnostics.Select(d => (d.Severity == ConfigSeverity.Error ? "error" : "warning", d.ToString()))]);
        lock (_gate)
        {
            _reloads.Enqueue(record);
            while (_reloads.Count > Capacity)
            {
                _reloads.Dequeue();
            }
        }
    }
}
