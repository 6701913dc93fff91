using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Xgate.Integration;

/// <summary>
/// Merges the FlowGate variables into the <c>env</c> object of Claude Code's <c>settings.json</c>, keeping every other
/// setting and every other variable (an existing <c>ANTHROPIC_AUTH_TOKEN</c> included; none is added, since a
/// placeholder would break a working login). Keys keep their order; new ones are appended.
/// </summary>
internal static class ClaudeSettingsMerger
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Returns the merged text, or null when the file already says all of it.</summary>
    /// <param name="existing">The current file, or empty.</param>
    /// <param name="snippets">What to merge in.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="hadComments">Set when the file had comments (JSON with comments is read; they are not kept).</param>
    public static string? Merge(string existing, IntegrationSnippets snippets, string file, out bool hadComments)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(snippets);
        hadComments = false;
        JsonObject root;
        if (existing.Trim().Length == 0)
        {
            root = [];
        }
        else
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(existing, documentOptions: Lenient);
            }
            catch (JsonException e)
            {
                throw new XgateFailureException($"{file}: not valid JSON ({e.Message}); it is left alone.");
            }

            root = parsed as JsonObject ?? throw new XgateFailureException($"{file}: the settings are not a JSON object; it is left alone.");
            hadComments = HasComments(existing);
        }

        if (root["env"] is { } envNode && envNode is not JsonObject)
        {
            throw new XgateFailureException($"{file}: \"env\" is not an object; it is left alone.");
        }

        if (root["env"] is not JsonObject env)
        {
            env = [];
            root["env"] = env;
        }

        var changed = false;
        foreach (var (key, value) in snippets.ClaudeEnvironment(withToken: false))
        {
            if (env[key] is JsonValue current && current.GetValueKind() == JsonValueKind.String && current.GetValue<string>() == value)
            {
                continue;
            }

            env[key] = value;
            changed = true;
        }

        return changed ? root.ToJsonString(Commands.JsonOutput.Options) + "\n" : null;
    }

    private static bool HasComments(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = true });
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
