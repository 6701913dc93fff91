using FlowGate.Config.Documents;
using FlowGate.Config.Secrets;

namespace FlowGate.Config.Binding;

/// <summary>What a schema binder works with: the file, its diagnostics, secrets, and the source map for validation errors.</summary>
internal sealed class BindContext
{
    public BindContext(string file, ConfigEnvironment environment)
    {
        File = file;
        BaseDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? System.IO.Directory.GetCurrentDirectory();
        Diagnostics = new DiagnosticBag();
        Secrets = new SecretResolver(environment, BaseDirectory, Diagnostics);
        Map = new SourceMap(new SourcePosition(file, 1, 1));
    }

    /// <summary>Gets the file's path as the operator gave it (used in positions).</summary>
    public string File { get; }

    /// <summary>Gets the directory relative paths in the file are resolved against.</summary>
    public string BaseDirectory { get; }

    public DiagnosticBag Diagnostics { get; }

    public SecretResolver Secrets { get; }

    public SourceMap Map { get; }

    /// <summary>Resolves a path written in the config against the config file's directory.</summary>
    public string ResolvePath(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
