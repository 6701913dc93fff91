using System.CommandLine;
using FlowGate.Xgate.Commands;

namespace FlowGate.Xgate;

/// <summary>Builds the command tree. Each command group lives in its own file under <c>Commands/</c> and is added here.</summary>
internal static class XgateCli
{
    public static RootCommand Build(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = new RootCommand("xgate — operate a FlowGate gateway and launch Claude Code or Codex through it.");
        root.Options.Add(app.Options.Config);
        root.Subcommands.Add(ProfileCommands.Create(app));
        root.Subcommands.Add(ConfigCommands.Create(app));
        root.Subcommands.Add(GenerateCommand.Create(app));
        root.Subcommands.Add(ModelsCommand.Create(app));
        root.Subcommands.Add(RouteCommands.Create(app));
        root.Subcommands.Add(IntegrationCommands.Create(app));
        root.Subcommands.Add(ServiceCommands.Create(app));
        root.Subcommands.Add(StatusCommands.CreateStatus(app));
        root.Subcommands.Add(StatusCommands.CreateHealth(app));
        root.Subcommands.Add(UsageCommands.Create(app));
        root.Subcommands.Add(AuthCommands.Create(app));
        root.Subcommands.Add(LaunchCommands.Create(app));
        return root;
    }

    public static int Run(string[] args) => Run(XgateApp.FromConsole(), args);

    /// <summary>Parses and runs one command line against <paramref name="app"/>'s streams and environment.</summary>
    /// <param name="app">Where output goes and what the environment is.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>0 ok, 1 failure, 2 usage.</returns>
    public static int Run(XgateApp app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = Build(app);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // "xgate bogus" is also a root command without its subcommand; the unknown word is the error worth reading.
            var errors = parse.Errors.ToList();
            if (errors.Count > 1)
            {
                errors.RemoveAll(e => e.Message.StartsWith("Required command", StringComparison.Ordinal));
            }

            foreach (var error in errors)
            {
                app.Err.WriteLine(error.Message);
            }

            app.Err.WriteLine("Run 'xgate --help' (or 'xgate COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = app.Out,
            Error = app.Err,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parse.Invoke(invocation);
        }
        catch (XgateUsageException e)
        {
            app.Err.WriteLine(e.Message);
            return ExitCodes.Usage;
        }
        catch (XgateFailureException e)
        {
            app.Err.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            app.Err.WriteLine($"xgate: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
