namespace FlowGate.Xgate.Launch;

/// <summary>
/// The launcher's remembered choices, one file each as <c>cld</c> kept them: <c>last_main</c>, <c>last_fast</c>,
/// <c>last_opus</c>, <c>last_scenario</c>, <c>last_auto_upgrade</c> (<c>on</c>/<c>off</c>) under
/// <c>$XDG_CACHE_HOME/flowgate/launch/</c>, else <c>$HOME/.cache/flowgate/launch/</c>.
/// </summary>
internal sealed class LaunchCache
{
    public LaunchCache(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The cache of <paramref name="app"/>: <c>XDG_CACHE_HOME</c> from its environment, else <c>.cache</c> in its home directory.</summary>
    public static LaunchCache For(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = app.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(app.HomeDirectory, ".cache");
        return new LaunchCache(Path.Combine(root, "flowgate", "launch"));
    }

    public string? Read(string key)
    {
        var path = Path.Combine(Directory, "last_" + key);
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } value ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string key, string value)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Path.Combine(Directory, "last_" + key), value + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Remembering is a convenience; a read-only cache does not stop the launch.
        }
    }
}
