using System.CommandLine;
using FlowGate.Config;
using FlowGate.Config.Secrets;
using Spectre.Console;

namespace FlowGate.Xgate;

/// <summary>
/// What a command touches outside itself: its output streams, the environment, the working and home directories and
/// the clock. <see cref="FromConsole"/> gives the real ones; tests build their own and run commands in-process through
/// <see cref="XgateCli.Run(XgateApp, string[])"/>. Commands never read <see cref="Console"/>,
/// <see cref="Environment"/> or <see cref="Directory.GetCurrentDirectory"/> themselves.
/// </summary>
internal sealed class XgateApp
{
    private IAnsiConsole? _console;
    private IAnsiConsole? _wideConsole;
    private IAnsiConsole? _errorConsole;

    /// <summary>Gets the standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Gets the standard error.</summary>
    public required TextWriter Err { get; init; }

    /// <summary>Gets a function that reads an environment variable (null when unset).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the directory relative paths (the <c>--config</c> default, <c>--out</c>, <c>--body</c>) resolve against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Gets the user's home directory (<c>~</c> of <c>~/.codex</c>, <c>~/.claude</c>, <c>~/.cache/flowgate</c>).</summary>
    public string HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Gets the clock (state file timestamps, backup names).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets a value indicating whether <see cref="Out"/> is a terminal (colours, live widgets, pickers).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Gets a value indicating whether the standard input is a terminal (with <see cref="IsTerminal"/>: an interactive picker may run).</summary>
    public bool IsInputTerminal { get; init; }

    /// <summary>Gets the width Spectre renders tables and trees to when <see cref="Out"/> is not a terminal.</summary>
    public int Width { get; init; } = 120;

    /// <summary>Gets the width <see cref="WideConsole"/> renders to when <see cref="Out"/> is not a terminal.</summary>
    public int WideWidth { get; init; } = 160;

    /// <summary>Gets the global options (<c>--config</c>).</summary>
    public GlobalOptions Options { get; } = new();

    /// <summary>Gets a Spectre console writing to <see cref="Out"/>: plain text (no ANSI, no colours) unless it is a terminal.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole(Out, Width);

    /// <summary>
    /// Gets <see cref="Console"/> at <see cref="WideWidth"/> columns when <see cref="Out"/> is not a terminal: the
    /// service, status, health, auth and launch commands' output (supervisor lines and tables that carry addresses,
    /// pid and log paths).
    /// </summary>
    public IAnsiConsole WideConsole => _wideConsole ??= CreateConsole(Out, WideWidth);

    /// <summary>Gets a Spectre console writing to <see cref="Err"/>.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= CreateConsole(Err, Width);

    /// <summary>Gets the environment the configuration loader resolves <c>${VAR}</c> and <c>os.environ/VAR</c> from.</summary>
    public ConfigEnvironment ConfigEnvironment => new(GetEnvironmentVariable);

    /// <summary>The process's real console, environment and directories.</summary>
    /// <returns>The app.</returns>
    public static XgateApp FromConsole() => new()
    {
        Out = System.Console.Out,
        Err = System.Console.Error,
        IsTerminal = !System.Console.IsOutputRedirected,
        IsInputTerminal = !System.Console.IsInputRedirected,
    };

    /// <summary>Resolves a path the user typed against <see cref="WorkingDirectory"/>, expanding a leading <c>~/</c>.</summary>
    /// <param name="path">The path as given.</param>
    /// <returns>The full path.</returns>
    public string ResolvePath(string path)
    {
        if (path == "~")
        {
            return HomeDirectory;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(HomeDirectory, path[2..]);
        }

        return Path.GetFullPath(path, WorkingDirectory);
    }

    /// <summary>The configuration file this invocation uses (<c>--config</c>, else the defaults of <see cref="GlobalOptions.ResolveConfigPath"/>).</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The full path.</returns>
    public string ConfigPath(ParseResult parse) =>
        GlobalOptions.ResolveConfigPath(parse.GetValue(Options.Config), WorkingDirectory);

    /// <summary>Loads the configuration with this app's environment, optionally with a given profile.</summary>
    /// <param name="parse">The parse result (for <c>--config</c>).</param>
    /// <param name="profile">A profile to apply instead of the state file's.</param>
    /// <returns>The load result.</returns>
    public ConfigLoadResult LoadConfig(ParseResult parse, string? profile = null) =>
        ConfigLoader.Load(ConfigPath(parse), new ConfigLoadOptions { Environment = ConfigEnvironment, Profile = profile });

    /// <summary>Loads the configuration; on errors prints every diagnostic to <see cref="Err"/> and returns null.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="profile">A profile to apply instead of the state file's.</param>
    /// <param name="warnings">Whether to print the warnings of a configuration that loads, too.</param>
    /// <returns>The configuration, or null when it has errors (they are printed).</returns>
    public FlowGateConfig? LoadConfigOrReport(ParseResult parse, string? profile = null, bool warnings = false)
    {
        if (MissingConfigMessage(parse) is { } missing)
        {
            Err.WriteLine(missing);
            return null;
        }

        var result = LoadConfig(parse, profile);
        if (result.Succeeded && !warnings)
        {
            return result.Config;
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            Err.WriteLine(diagnostic.ToString());
        }

        return result.Config;
    }

    /// <summary>Loads the configuration for commands that never use a secret (<c>status</c>): an unset variable reads as a placeholder.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The configuration, or null when it has errors (they are printed).</returns>
    public FlowGateConfig? LoadConfigWithoutSecretsOrReport(ParseResult parse)
    {
        if (MissingConfigMessage(parse) is { } missing)
        {
            Err.WriteLine(missing);
            return null;
        }

        var environment = new ConfigEnvironment(name => GetEnvironmentVariable(name) ?? "unset");
        var result = ConfigLoader.Load(ConfigPath(parse), new ConfigLoadOptions { Environment = environment });
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity == ConfigSeverity.Error))
        {
            Err.WriteLine(diagnostic.ToString());
        }

        return result.Config;
    }

    /// <summary>What to say when the configuration file does not exist: the path given, or the names looked for.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The message, or null when the file exists.</returns>
    public string? MissingConfigMessage(ParseResult parse)
    {
        var path = ConfigPath(parse);
        if (File.Exists(path))
        {
            return null;
        }

        return parse.GetValue(Options.Config) is null
            ? $"xgate: no configuration file in {WorkingDirectory} (looked for {string.Join(", ", GlobalOptions.DefaultNames)}); pass --config FILE, or run from the directory that has one."
            : $"xgate: --config {path}: no such file.";
    }

    private IAnsiConsole CreateConsole(TextWriter writer, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsTerminal)
        {
            console.Profile.Width = width;
        }

        return console;
    }
}
