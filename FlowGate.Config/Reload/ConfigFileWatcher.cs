namespace FlowGate.Config.Reload;

/// <summary>
/// Watches a set of files, existing or not, with one <see cref="FileSystemWatcher"/> per directory. A file whose
/// directory does not exist yet is watched through its nearest existing ancestor, for the creation of the first
/// missing directory on the way; the reload that follows re-arms deeper. Events for names outside the set are ignored.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly Action<string> _changed;
    private readonly Action<string, Exception> _failed;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(PathComparer);
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ConfigFileWatcher"/> class.</summary>
    /// <param name="changed">Called with the full path of a watched name that was created, changed, renamed or deleted.</param>
    /// <param name="failed">Called when a directory cannot be watched, or its watcher fails.</param>
    public ConfigFileWatcher(Action<string> changed, Action<string, Exception> failed)
    {
        _changed = changed;
        _failed = failed;
    }

    /// <summary>Gets the directories watched now, for tests.</summary>
    public IReadOnlyCollection<string> Directories
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <summary>Watches exactly these files from now on: new directories get a watcher, dropped ones lose theirs.</summary>
    /// <param name="files">The files' paths.</param>
    /// <returns>Whether a directory or a name is watched that was not before (a change to it may have been missed).</returns>
    public bool Watch(IEnumerable<string> files)
    {
        var plan = Plan(files);
        var added = false;
        List<(string Directory, Exception Error)>? failures = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            foreach (var (directory, entry) in _entries.ToList())
            {
                if (!plan.ContainsKey(directory) || !Directory.Exists(directory))
                {
                    entry.Watcher.Dispose();
                    _entries.Remove(directory);
                }
            }

            foreach (var (directory, names) in plan)
            {
                if (_entries.TryGetValue(directory, out var entry))
                {
                    added |= !names.IsSubsetOf(entry.Names);
                    entry.Names = names;
                    continue;
                }

                try
                {
                    _entries.Add(directory, Start(directory, names));
                    added = true;
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    (failures ??= []).Add((directory, e));
                }
            }
        }

        foreach (var (directory, error) in failures ?? [])
        {
            _failed(directory, error);
        }

        return added;
    }

    /// <summary>Stops every watcher; later calls to <see cref="Watch"/> do nothing.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Watcher.Dispose();
            }

            _entries.Clear();
        }
    }

    private static Dictionary<string, HashSet<string>> Plan(IEnumerable<string> files)
    {
        var plan = new Dictionary<string, HashSet<string>>(PathComparer);
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            var directory = Path.GetDirectoryName(full);
            var name = Path.GetFileName(full);
            while (directory is not null && name.Length > 0 && !Directory.Exists(directory))
            {
                name = Path.GetFileName(directory);
                directory = Path.GetDirectoryName(directory);
            }

            if (directory is null || name.Length == 0)
            {
                continue;
            }

            if (!plan.TryGetValue(directory, out var names))
            {
                plan.Add(directory, names = new HashSet<string>(PathComparer));
            }

            names.Add(name);
        }

        return plan;
    }

    private Entry Start(string directory, HashSet<string> names)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
        };
        var entry = new Entry(watcher, names);
        try
        {
            watcher.Created += (_, e) => OnEvent(entry, e.Name, e.FullPath);
            watcher.Changed += (_, e) => OnEvent(entry, e.Name, e.FullPath);
            watcher.Deleted += (_, e) => OnEvent(entry, e.Name, e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                // A temp file renamed into place has the watched name as its new name; a watched file renamed away, as its old.
                if (!OnEvent(entry, e.Name, e.FullPath))
                {
                    OnEvent(entry, e.OldName, e.OldFullPath);
                }
            };
            watcher.Error += (_, e) => OnError(directory, entry, e.GetException());
            watcher.EnableRaisingEvents = true;
            return entry;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }
    }

    private bool OnEvent(Entry entry, string? name, string fullPath)
    {
        if (name is null || !entry.Names.Contains(name) || Volatile.Read(ref _disposed))
        {
            return false;
        }

        _changed(fullPath);
        return true;
    }

    private void OnError(string directory, Entry entry, Exception error)
    {
        lock (_lock)
        {
            if (_disposed || !_entries.TryGetValue(directory, out var current) || current != entry)
            {
                return;
            }

            // Events may have been lost (a buffer overflow, the directory gone): drop the watcher so that the
            // next Watch starts a fresh one, and ask for the reload that calls it.
            entry.Watcher.Dispose();
            _entries.Remove(directory);
        }

        _failed(directory, error);
        _changed(directory);
    }

    private sealed class Entry(FileSystemWatcher watcher, HashSet<string> names)
    {
        private HashSet<string> _names = names;

        public FileSystemWatcher Watcher { get; } = watcher;

        // Replaced whole, never mutated, so the watcher's threads read it without the lock.
        public HashSet<string> Names
        {
            get => Volatile.Read(ref _names);
            set => Volatile.Write(ref _names, value);
        }
    }
}
