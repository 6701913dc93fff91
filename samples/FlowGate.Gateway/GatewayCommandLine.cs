namespace FlowGate.Gateway;

/// <summary>
/// The gateway's own flags. Only <c>--config</c> and <c>--help</c> are FlowGate's; every other argument is left for
/// ASP.NET's command-line configuration (<c>--urls</c>, <c>--Logging:LogLevel:Default=Debug</c>, ...).
/// </summary>
internal sealed record GatewayCommandLine
{
    public const string Usage = """
        Usage: FlowGate.Gateway [--config FILE] [--urls URL[;URL...]] [ASP.NET options...]

          (no --config)    the demo: an in-process mock upstream behind routes router-default, router-fast
                           and router-default.auto, on http://127.0.0.1:4000 unless --urls says otherwise.
          --config FILE    serve providers.toml (*.toml) or flowgate.yaml (anything else); the address comes
                           from the file ([gateway] host/port or [global] main_port, default 127.0.0.1:8145;
                           services.gateway or services.litellm, default 127.0.0.1:4000). The file is
                           watched and reloaded on change; a bad reload is logged and the last good one stays.
          --urls URLS      ASP.NET's listen addresses; override the config's. Without gateway keys only
                           loopback addresses are allowed.
          -h, --help       this text.

        Exit codes: 0 after a clean shutdown (SIGTERM, Ctrl+C), 1 when start-up fails (configuration errors,
        an address that cannot be used), 2 for bad arguments.
        """;

    /// <summary>Gets the configuration file, or <see langword="null"/> for the demo.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets a value indicating whether <c>--help</c> was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>Gets the arguments left for ASP.NET.</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];

    /// <summary>Splits the command line into FlowGate's flags and ASP.NET's.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The parsed command line.</returns>
    /// <exception cref="FormatException"><c>--config</c> has no value or is given twice.</exception>
    public static GatewayCommandLine Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        var help = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            if (arg is "--config" or "-c")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"{arg} needs a file: --config providers.toml");
                }

                value = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                value = arg["--config=".Length..];
            }
            else if (arg is "-h" or "--help" or "-?")
            {
                help = true;
                continue;
            }
            else
            {
                rest.Add(arg);
                continue;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new FormatException("--config needs a file: --config providers.toml");
            }

            if (config is not null)
            {
                throw new FormatException("--config is given twice.");
            }

            config = value;
        }

        return new GatewayCommandLine { ConfigPath = config, Help = help, HostArgs = rest };
    }
}
