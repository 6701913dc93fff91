using FlowGate.Config;
using FlowGate.Config.Documents;
using FlowGate.Config.Toml;

namespace FlowGate.Xgate.Integration;

/// <summary>
/// Merges FlowGate's provider into Codex's <c>config.toml</c> line by line, so every other key, table, comment and
/// blank line stays as written: the top-level <c>model_provider</c> and <c>model</c> keys and the keys <c>name</c>,
/// <c>base_url</c>, <c>env_key</c>, <c>wire_api</c> of <c>[model_providers.flowgate]</c> are replaced in place (an end-of-line
/// comment is kept) or added (top-level keys before the first table, table keys after the table's last key, a
/// missing table at the end). The file is read with FlowGate's TOML reader before (it must be valid) and after (the
/// result must be valid and say what was meant); either failing is an error and nothing is written.
/// </summary>
internal static class CodexTomlMerger
{
    /// <summary>Returns the merged text.</summary>
    /// <param name="existing">The current file, or empty.</param>
    /// <param name="snippets">What to merge in.</param>
    /// <param name="file">The file's name, for error messages.</param>
    /// <exception cref="XgateFailureException">The file is not valid TOML, or the merge would not yield the wanted values.</exception>
    public static string Merge(string existing, IntegrationSnippets snippets, string file)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(snippets);
        Parse(existing, file, "is not valid TOML, so it is left alone");

        var newline = existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = existing.Length == 0 ? [] : existing.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var top = new (string Key, string Value)[]
        {
            ("model_provider", IntegrationSnippets.TomlString(IntegrationSnippets.ProviderId)),
            ("model", IntegrationSnippets.TomlString(snippets.DefaultModel)),
        };
        var table = new (string Key, string Value)[]
        {
            ("name", IntegrationSnippets.TomlString(IntegrationSnippets.ProviderName)),
            ("base_url", IntegrationSnippets.TomlString(snippets.CodexBaseUrl)),
            ("env_key", IntegrationSnippets.TomlString(IntegrationSnippets.EnvKey)),
            ("wire_api", IntegrationSnippets.TomlString(IntegrationSnippets.WireApi)),
        };

        // Top-level keys: before the first table header.
        var classified = TomlLines.Classify(lines);
        var firstHeader = classified.FindIndex(l => l.Kind == TomlLineKind.Header);
        var topEnd = firstHeader < 0 ? lines.Count : firstHeader;
        var insertAt = LastContentLine(classified, 0, topEnd, keysOnly: true) + 1;
        var inserted = 0;
        foreach (var (key, value) in top)
        {
            var index = classified.FindIndex(0, topEnd, l => l.Kind == TomlLineKind.KeyValue && l.Key == key);
            if (index >= 0)
            {
                lines[index] = TomlLines.ReplaceValue(lines[index], value);
            }
            else
            {
                lines.Insert(insertAt + inserted, $"{key} = {value}");
                inserted++;
            }
        }

        if (inserted > 0 && insertAt + inserted < lines.Count && lines[insertAt + inserted].Trim().Length > 0)
        {
            // New keys right above a table header or a comment: keep them apart with a blank line.
            lines.Insert(insertAt + inserted, string.Empty);
        }

        // The provider table.
        classified = TomlLines.Classify(lines);
        var header = classified.FindIndex(l => l.Kind == TomlLineKind.Header && !l.IsArrayTable && l.HeaderParts is ["model_providers", IntegrationSnippets.ProviderId]);
        if (header < 0)
        {
            if (lines.Count > 0 && lines[^1].Trim().Length > 0)
            {
                lines.Add(string.Empty);
            }

            lines.Add($"[model_providers.{IntegrationSnippets.ProviderId}]");
            lines.AddRange(table.Select(kv => $"{kv.Key} = {kv.Value}"));
        }
        else
        {
            var next = classified.FindIndex(header + 1, l => l.Kind == TomlLineKind.Header);
            var end = next < 0 ? lines.Count : next;
            var after = LastContentLine(classified, header + 1, end, keysOnly: true);
            var at = (after < 0 ? header : after) + 1;
            foreach (var (key, value) in table)
            {
                var index = classified.FindIndex(header + 1, end - header - 1, l => l.Kind == TomlLineKind.KeyValue && l.Key == key);
                if (index >= 0)
                {
                    lines[index] = TomlLines.ReplaceValue(lines[index], value);
                }
                else
                {
                    lines.Insert(at, $"{key} = {value}");
                    classified.Insert(at, new TomlLine(TomlLineKind.KeyValue, key, null, false));
                    at++;
                    end++;
                }
            }
        }

        var merged = string.Join(newline, lines) + newline;
        Check(merged, snippets, file);
        return merged;
    }

    private static int LastContentLine(List<TomlLine> lines, int start, int end, bool keysOnly = false)
    {
        for (var i = end - 1; i >= start; i--)
        {
            if (lines[i].Kind is TomlLineKind.KeyValue or TomlLineKind.Continuation || (!keysOnly && lines[i].Kind == TomlLineKind.Comment))
            {
                return i;
            }
        }

        return start - 1;
    }

    private static ConfigTable Parse(string text, string file, string what)
    {
        try
        {
            return TomlReader.Parse(text, file);
        }
        catch (ConfigSyntaxException e)
        {
            throw new XgateFailureException($"{e.Position?.ToString() ?? file}: {file} {what}: {e.Reason}");
        }
    }

    private static void Check(string merged, IntegrationSnippets snippets, string file)
    {
        var root = Parse(merged, file, "would not be valid TOML after the merge (nothing was written)");
        var provider = (root["model_providers"] as ConfigTable)?[IntegrationSnippets.ProviderId] as ConfigTable;
        var ok = Is(root, "model_provider", IntegrationSnippets.ProviderId) && Is(root, "model", snippets.DefaultModel) && provider is not null &&
            Is(provider, "name", IntegrationSnippets.ProviderName) && Is(provider, "base_url", snippets.CodexBaseUrl) &&
            Is(provider, "env_key", IntegrationSnippets.EnvKey) && Is(provider, "wire_api", IntegrationSnippets.WireApi);
        if (!ok)
        {
            throw new XgateFailureException($"{file}: the line-based merge could not place the FlowGate settings (the file defines model_providers in a form it does not edit, such as an inline table); nothing was written. Merge the output of 'xgate integration print codex' by hand.");
        }
    }

    private static bool Is(ConfigTable table, string key, string value) => table[key] is ConfigScalar { Value: string s } && s == value;
}
