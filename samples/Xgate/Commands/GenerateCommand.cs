using System.CommandLine;
using FlowGate.Config;
using FlowGate.Config.Toml;
using FlowGate.Xgate.Generate;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate generate [--out DIR]</c>: one CLIProxyAPI config per <c>[instances.NAME]</c> of <c>providers.toml</c>.</summary>
internal static class GenerateCommand
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Create(XgateApp app)
    {
        var output = new Option<string?>("--out", "-o") { Description = "Where to write INSTANCE.yaml (default: instances/ beside the config file).", HelpName = "DIR" };
        var command = new Command("generate", "Write each [instances.NAME] of providers.toml as a CLIProxyAPI config (INSTANCE.yaml, mode 0600: it holds the keys), as agent-cli's generator did.");
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var path = app.ConfigPath(parse);
            if (ConfigLoader.FormatOf(path) != ConfigFormat.ProvidersToml)
            {
                throw new XgateFailureException($"generate reads providers.toml ([instances.*]); {path} is a flowgate.yaml. Pass --config providers.toml.");
            }

            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            if (config.Instances.Count == 0)
            {
                app.Out.WriteLine($"{path} defines no [instances.*]; nothing to generate.");
                return ExitCodes.Ok;
            }

            var raw = TomlReader.Parse(File.ReadAllBytes(path), path);
            var warnings = new List<string>();
            var generated = CliProxyYamlGenerator.Generate(config, raw, warnings);
            foreach (var warning in warnings)
            {
                app.Err.WriteLine("warning: " + warning);
            }

            var directory = parse.GetValue(output) is { } given ? app.ResolvePath(given) : Path.Combine(Path.GetDirectoryName(config.SourcePath)!, "instances");
            Directory.CreateDirectory(directory);
            foreach (var instance in generated)
            {
                var file = Path.Combine(directory, instance.Name + ".yaml");
                WriteOwnerOnly(file, instance.Yaml);
                var sections = instance.Sections.Count == 0 ? "no key sections (OAuth only)" : string.Join(", ", instance.Sections);
                app.Out.WriteLine($"wrote {file} (port {config.Instances.First(i => i.Name == instance.Name).Port}; {sections}; {instance.ModelCount} models)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes a file that holds secrets: created 0600 from the start (a temporary file, then a rename).</summary>
    internal static void WriteOwnerOnly(string file, string contents)
    {
        var temp = $"{file}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
        {
            writer.Write(contents);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, OwnerOnly);
        }

        File.Move(temp, file, overwrite: true);
    }
}
