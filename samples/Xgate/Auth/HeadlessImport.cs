using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Xgate.Auth;

/// <summary>
/// <c>xgate auth import-headless codex --source ~/.codex/auth.json</c>: turns Codex CLI's <c>auth.json</c>
/// (<c>tokens.access_token</c>, <c>tokens.refresh_token</c>, <c>tokens.id_token</c>, <c>tokens.account_id</c>) into the
/// CLIProxyAPI token file the LiteLLM-based xgate wrote: <c>{"type":"codex","token_type":"bearer",access_token,refresh_token,id_token,account_id}</c>
/// at <c>DEST/codex-headless-import.json</c>, mode 0600, in a 0700 directory. Tokens are never printed.
/// </summary>
internal static class HeadlessImport
{
    public const string FileName = "codex-headless-import.json";

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Imports the tokens.</summary>
    /// <returns>The file written.</returns>
    /// <exception cref="ImportException">The source is missing, not JSON, or lacks a required field (named in the message).</exception>
    public static string ImportCodex(string source, string destinationDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("token files need Unix file modes.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(source)) as JsonObject ?? throw new ImportException($"{source}: not a JSON object.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{source}: cannot read the file ({e.GetType().Name}).");
        }
        catch (JsonException e)
        {
            throw new ImportException($"{source}: not JSON (line {e.LineNumber + 1}).");
        }

        var tokens = root["tokens"] as JsonObject;
        string Required(string key) =>
            tokens?[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : throw new ImportException($"{source}: tokens.{key} is missing; expected Codex CLI's auth.json (run 'codex login' first).");
        string Optional(string key) =>
            (tokens?[key] ?? root[key]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

        var access = Required("access_token");
        var refresh = Required("refresh_token");
        var output = new JsonObject
        {
            ["type"] = "codex",
            ["token_type"] = "bearer",
            ["access_token"] = access,
            ["refresh_token"] = refresh,
            ["id_token"] = Optional("id_token"),
            ["account_id"] = Optional("account_id"),
        };

        var dir = Path.GetFullPath(destinationDirectory);
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, DirectoryMode);
        }

        File.SetUnixFileMode(dir, DirectoryMode);
        var path = Path.Combine(dir, FileName);
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode600 }))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            output.WriteTo(writer);
        }

        File.SetUnixFileMode(temp, FileMode600);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}

/// <summary>An import that cannot be done; the message names the file and the field, never a value.</summary>
internal sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException()
    {
    }

    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
