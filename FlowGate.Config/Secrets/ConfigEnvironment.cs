namespace FlowGate.Config.Secrets;

/// <summary>
/// Where <c>${VAR}</c> and <c>os.environ/VAR</c> are looked up: the process environment first, then the <c>.env</c> file
/// beside the configuration (so a variable exported in the shell wins, as with Docker Compose).
/// </summary>
public sealed class ConfigEnvironment
{
    private readonly Func<string, string?> _process;
    private readonly IReadOnlyDictionary<string, string> _dotEnv;

    /// <summary>Initializes a new instance of the <see cref="ConfigEnvironment"/> class.</summary>
    /// <param name="process">Looks up a process environment variable (tests pass their own).</param>
    /// <param name="dotEnv">The variables of the <c>.env</c> file, if any.</param>
    public ConfigEnvironment(Func<string, string?> process, IReadOnlyDictionary<string, string>? dotEnv = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        _process = process;
        _dotEnv = dotEnv ?? new Dictionary<string, string>();
    }

    /// <summary>Gets the real process environment, without a <c>.env</c> file.</summary>
    public static ConfigEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Looks a variable up.</summary>
    /// <param name="name">The variable's name.</param>
    /// <returns>The value, or <see langword="null"/> when neither the process nor <c>.env</c> has it.</returns>
    public string? Get(string name) => _process(name) ?? _dotEnv.GetValueOrDefault(name);

    /// <summary>Returns a copy that also reads the given <c>.env</c> variables.</summary>
    /// <param name="dotEnv">The variables.</param>
    /// <returns>The combined environment.</returns>
    public ConfigEnvironment WithDotEnv(IReadOnlyDictionary<string, string> dotEnv) => new(_process, dotEnv);
}
