using System.CommandLine;
using FlowGate.Config;
using FlowGate.Xgate.Supervisor;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary>What the service, status, health, auth and launch commands share: loading the config, the supervisor, the consoles.</summary>
internal static class OperationsSupport
{
    /// <summary>Gets the console commands write to: plain text, 160 columns wide, when the output is redirected or <c>NO_COLOR</c> is set.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var plain = redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Loads the configuration named by <c>--config</c>; on errors prints them all and returns <see langword="null"/>.</summary>
    public static FlowGateConfig? LoadConfig(ParseResult parse, GlobalOptions options)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        var path = GlobalOptions.ResolveConfigPath(parse.GetValue(options.Config), Directory.GetCurrentDirectory());
        var result = ConfigLoader.Load(path);
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }

        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"xgate: cannot use {path}.");
            return null;
        }

        return result.Config;
    }

    public static ProcessSupervisor Supervisor(FlowGateConfig config, IAnsiConsole console) =>
        new(config.Paths.RuntimeDir, config.Paths.LogDir, console);

    public static IReadOnlyList<ServiceSpec> Services(FlowGateConfig config) => ServiceCatalog.From(config, new GatewayLocator());

    /// <summary>Picks <c>all</c>, <c>gateway</c> or one name; prints the known names and returns <see langword="null"/> for an unknown one.</summary>
    public static IReadOnlyList<ServiceSpec>? Select(IReadOnlyList<ServiceSpec> services, string? target)
    {
        if (target is null or "all")
        {
            return services;
        }

        if (ServiceCatalog.Find(services, target) is { } one)
        {
            return [one];
        }

        Console.Error.WriteLine($"xgate: no service '{target}'; known: all, {string.Join(", ", services.Select(s => s.Name))}.");
        return null;
    }

    /// <summary>The gateway key a client of this gateway sends: <c>FLOWGATE_API_KEY</c>, else the first configured key, else none.</summary>
    public static string? GatewayKey(FlowGateConfig config) =>
        Environment.GetEnvironmentVariable("FLOWGATE_API_KEY") is { Length: > 0 } key ? key
        : config.Gateway.ApiKeys.Count > 0 ? config.Gateway.ApiKeys[0].Reveal() : null;
}
