using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Routing;

namespace FlowGate.Config.Secrets;

/// <summary>
/// Resolves secret references of the operator's config: <c>os.environ/VAR</c>, <c>${VAR}</c>, and named credentials
/// (<c>api_key_ref</c> → <c>credentials.upstream.NAME.{file|env}</c>). A missing or empty secret is an error that names
/// the reference, never a value; a secret file readable by group or others is a warning. Every file read is
/// remembered so the reload watcher can watch it.
/// </summary>
internal sealed class SecretResolver
{
    private readonly ConfigEnvironment _environment;
    private readonly string _baseDirectory;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, CredentialRef> _credentials = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public SecretResolver(ConfigEnvironment environment, string baseDirectory, DiagnosticBag diagnostics)
    {
        _environment = environment;
        _baseDirectory = baseDirectory;
        _diagnostics = diagnostics;
    }

    /// <summary>Gets the secret files read so far (full paths).</summary>
    public IReadOnlyCollection<string> Files => _files;

    public IEnumerable<string> CredentialNames => _credentials.Keys;

    public void AddCredential(string name, CredentialRef reference) => _credentials[name] = reference;

    /// <summary>
    /// Resolves a key as written: <c>os.environ/VAR</c> or <c>${VAR}</c> from the environment, anything else as a literal
    /// (LiteLLM allows a key written inline; its source then says where it was written, not what it is).
    /// </summary>
    public Secret? Resolve(string written, SourcePosition position, string path)
    {
        if (written.StartsWith("os.environ/", StringComparison.Ordinal))
        {
            return FromEnvironment(written["os.environ/".Length..], position, path);
        }

        if (written.StartsWith("${", StringComparison.Ordinal) && written.EndsWith('}') && written.IndexOf('$', 1) < 0)
        {
            return FromEnvironment(written[2..^1], position, path);
        }

        if (written.Length == 0)
        {
            _diagnostics.Error(position, path, "the key is empty.");
            return null;
        }

        return new Secret(written, "inline:" + path);
    }

    /// <summary>Resolves a named credential (<c>api_key_ref</c>).</summary>
    public Secret? ResolveCredential(string name, SourcePosition position, string path)
    {
        if (!_credentials.TryGetValue(name, out var reference))
        {
            _diagnostics.Error(position, path, $"unknown credential '{name}'{NameSuggestions.DidYouMeanSuffix(name, _credentials.Keys)}.");
            return null;
        }

        return reference.File is { } file
            ? FromFile(file, reference.Position, $"credential '{name}'")
            : FromEnvironment(reference.Env!, reference.Position, path);
    }

    /// <summary>Substitutes every <c>${VAR}</c> in a string; a missing variable is an error naming it.</summary>
    public string Interpolate(string text, SourcePosition position, string path)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var last = 0;
        while (start >= 0)
        {
            var end = text.IndexOf('}', start + 2);
            if (end < 0)
            {
                _diagnostics.Error(position, path, "'${' has no closing '}'.");
                return text;
            }

            var name = text[(start + 2)..end];
            result.Append(text, last, start - last);
            if (IsVariableName(name) && _environment.Get(name) is { Length: > 0 } value)
            {
                result.Append(value);
            }
            else
            {
                _diagnostics.Error(position, path, IsVariableName(name)
                    ? $"environment variable '{name}' (from ${{{name}}}) is not set or empty."
                    : $"'${{{name}}}' is not a valid variable reference.");
            }

            last = end + 1;
            start = text.IndexOf("${", last, StringComparison.Ordinal);
        }

        return result.Append(text, last, text.Length - last).ToString();
    }

    private Secret? FromEnvironment(string name, SourcePosition position, string path)
    {
        if (!IsVariableName(name))
        {
            _diagnostics.Error(position, path, $"'{name}' is not a valid environment variable name.");
            return null;
        }

        if (_environment.Get(name) is { Length: > 0 } value)
        {
            return new Secret(value, "env:" + name);
        }

        _diagnostics.Error(position, path, $"environment variable '{name}' is not set or empty.");
        return null;
    }

    private Secret? FromFile(string file, SourcePosition position, string what)
    {
        var full = System.IO.Path.GetFullPath(file, _baseDirectory);
        _files.Add(full);
        string text;
        try
        {
            text = File.ReadAllText(full).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(position, string.Empty, $"{what}: cannot read secret file '{file}' ({Describe(e)}).");
            return null;
        }

        if (text.Length == 0)
        {
            _diagnostics.Error(position, string.Empty, $"{what}: secret file '{file}' is empty.");
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            _diagnostics.Warning(position, string.Empty, $"{what}: secret file '{file}' is readable by group or others; run chmod 600 on it.");
        }

        return new Secret(text, "file:" + file);
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => "I/O error",
    };

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
