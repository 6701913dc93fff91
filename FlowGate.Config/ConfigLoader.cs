using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Config.FlowGateYaml;
using FlowGate.Config.Providers;
using FlowGate.Config.Secrets;
using FlowGate.Config.Toml;
using FlowGate.Config.Yaml;
using FlowGate.Routing;
using FlowGate.Routing.Validation;

namespace FlowGate.Config;

/// <summary>
/// Loads <c>providers.toml</c> or <c>flowgate.yaml</c> (chosen by extension: <c>.toml</c>, else YAML/JSON) into a
/// validated <see cref="FlowGateConfig"/>: parses with positions, reads <c>.env</c> beside the file, resolves secrets,
/// applies the active profile, binds the schema, runs the core's validator, and reports every problem at once as
/// <c>file:line:col: key.path: message</c>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads a configuration file, collecting every problem instead of throwing.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to load; <see cref="ConfigLoadOptions.Default"/> when omitted.</param>
    /// <returns>The config when it is usable, and every diagnostic.</returns>
    public static ConfigLoadResult Load(string path, ConfigLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ConfigLoadOptions.Default;
        var fullPath = Path.GetFullPath(path);
        var dotEnvPath = Path.Combine(Path.GetDirectoryName(fullPath)!, ".env");
        var files = new List<string> { fullPath, dotEnvPath };
        var start = new SourcePosition(path, 1, 1);

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(files, new ConfigDiagnostic(ConfigSeverity.Error, start, string.Empty, e is FileNotFoundException or DirectoryNotFoundException ? "no such file." : "cannot read the file."));
        }

        var early = new List<ConfigDiagnostic>();
        var environment = options.Environment;
        if (File.Exists(dotEnvPath))
        {
            try
            {
                environment = environment.WithDotEnv(EnvFile.Parse(File.ReadAllText(dotEnvPath), dotEnvPath, early));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                early.Add(new ConfigDiagnostic(ConfigSeverity.Error, new SourcePosition(dotEnvPath, 1, 1), string.Empty, "cannot read the .env file."));
            }
        }

        var format = FormatOf(path);
        ConfigTable root;
        try
        {
            root = format == ConfigFormat.ProvidersToml ? TomlReader.Parse(bytes, path) : YamlDocumentReader.Parse(StrictUtf8.Decode(bytes, path), path);
        }
        catch (ConfigSyntaxException e)
        {
            return Failed(files, [.. early, .. e.Errors.Count > 0 ? e.Errors : [new ConfigDiagnostic(ConfigSeverity.Error, start, string.Empty, e.Reason)]]);
        }

        var context = new BindContext(path, environment);
        var bound = format == ConfigFormat.ProvidersToml
            ? ProvidersTomlBinder.Bind(root, context)
            : FlowGateYamlBinder.Bind(root, context, options.Profile);
        files.AddRange(context.Secrets.Files);
        if (bound is not null)
        {
            files.AddRange(bound.Files);
        }

        var diagnostics = new List<ConfigDiagnostic>(early);
        diagnostics.AddRange(context.Diagnostics.Items);
        if (bound is not null)
        {
            // The core validator runs even after binding errors, so one pass reports every error of every phase.
            var errors = RoutingConfigValidator.Validate(bound.Config.Routing);
            if (errors.Count == 0 && !context.Diagnostics.HasErrors)
            {
                errors = IntegrationCheck.Check(bound.Config, RouteTable.Create(bound.Config.Routing), context.Map);
            }

            if (context.Diagnostics.HasErrors)
            {
                errors = [.. errors.Where(e => !FollowsFromBindingErrors(e))];
            }

            diagnostics.AddRange(errors.Select(context.Map.Map));
            if (bound.Config.Routing.Routes.Count == 0 && !context.Diagnostics.HasErrors)
            {
                // A half-written save must not turn every request into a 404: the last good config stays in force.
                diagnostics.Add(new ConfigDiagnostic(ConfigSeverity.Error, start, string.Empty, NoRoutesMessage(format)));
            }
        }

        var succeeded = bound is not null && !diagnostics.Exists(d => d.Severity == ConfigSeverity.Error);
        return new ConfigLoadResult
        {
            Config = succeeded ? bound!.Config : null,
            Diagnostics = Ordered(diagnostics),
            Files = files.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Loads a configuration file and throws with every problem when it is not usable.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to load.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigLoadException">The file has errors; the exception lists them all.</exception>
    public static FlowGateConfig LoadOrThrow(string path, ConfigLoadOptions? options = null)
    {
        var result = Load(path, options);
        return result.Succeeded ? result.Config : throw new ConfigLoadException(result.Diagnostics);
    }

    /// <summary>Tells the schema a file uses from its extension: <c>.toml</c> is <c>providers.toml</c>, anything else YAML or JSON.
    /// A trailing <c>.example</c> or <c>.sample</c> is looked through (<c>providers.toml.example</c> is TOML).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The format.</returns>
    public static ConfigFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (string.Equals(extension, ".example", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".sample", StringComparison.OrdinalIgnoreCase))
        {
            extension = Path.GetExtension(Path.GetFileNameWithoutExtension(path));
        }

        return string.Equals(extension, ".toml", StringComparison.OrdinalIgnoreCase) ? ConfigFormat.ProvidersToml : ConfigFormat.FlowGateYaml;
    }

    /// <summary>
    /// Whether a validator error can be the echo of a binding error: binding drops what it cannot read (a target, an
    /// upstream), so after binding errors a route without targets or a target naming an unknown upstream is that same
    /// mistake, already reported where it was made. Every other validator error stands on its own.
    /// </summary>
    private static bool FollowsFromBindingErrors(ConfigError error) =>
        error.Path.EndsWith(".targets", StringComparison.Ordinal) || error.Path.EndsWith(".upstream", StringComparison.Ordinal);

    private static string NoRoutesMessage(ConfigFormat format) => format == ConfigFormat.ProvidersToml
        ? "the file defines no routes: add at least one under [routing] (a config without routes would answer every request with 404)."
        : "the file defines no routes: add at least one entry to litellm_base.model_list (a config without routes would answer every request with 404).";

    private static ConfigLoadResult Failed(List<string> files, params IReadOnlyList<ConfigDiagnostic> diagnostics) =>
        new() { Diagnostics = diagnostics, Files = files };

    private static List<ConfigDiagnostic> Ordered(List<ConfigDiagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Position.File, StringComparer.Ordinal).ThenBy(d => d.Position.Line).ThenBy(d => d.Position.Column)];
}
