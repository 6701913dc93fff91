using System.CommandLine;

namespace FlowGate.Xgate;

/// <summary>Builds the command tree. Each command group lives in its own file under <c>Commands/</c> and is added here.</summary>
internal static class XgateCli
{
    public static RootCommand Build(GlobalOptions options)
    {
        var root = new RootCommand("xgate — operate a FlowGate gateway and launch Claude Code or Codex through it.");
        root.Options.Add(options.Config);
        root.Subcommands.Add(Commands.ServiceCommands.Build(options));
        root.Subcommands.Add(Commands.StatusCommands.BuildStatus(options));
        root.Subcommands.Add(Commands.StatusCommands.BuildHealth(options));
        root.Subcommands.Add(Commands.AuthCommands.Build(options));
        root.Subcommands.Add(Commands.LaunchCommands.Build(options));
        return root;
    }

    public static int Run(string[] args)
    {
        var options = new GlobalOptions();
        var root = Build(options);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            return ExitCodes.Usage;
        }

        return parse.Invoke();
    }
}
