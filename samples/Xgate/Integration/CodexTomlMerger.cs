using FlowGate.Config;
using FlowGate.Config.Documents;
using FlowGate.Config.Toml;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace FlowGate.Xgate.Integration;

/// <summary>
/// Merges FlowGate's provider into Codex's <c>config.toml</c> on Tomlyn's lossless syntax tree, so every other key,
/// table, comment and blank line stays byte for byte: the top-level <c>model_provider</c> and <c>model</c> keys and the
/// keys <c>name</c>, <c>base_url</c>, <c>env_key</c>, <c>wire_api</c> of <c>[model_providers.flowgate]</c> are replaced in
/// place (the comment after a value is kept) or added (top-level keys after the last top-level key, table keys after
/// the table's last key, a missing table at the end). The file is read before (it must be valid TOML) and after (the
/// result must be valid and say what was meant); either failing is an error and nothing is written.
/// </summary>
internal static class CodexTomlMerger
{
    private static readonly string[] ProviderTable = ["model_providers", IntegrationSnippets.ProviderId];

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
        var document = SyntaxParser.Parse(existing, file, validate: true);
        var hadTopLevelKeys = document.KeyValues.ChildrenCount > 0;
        var addedTopLevel = Set(document.KeyValues, "model_provider", IntegrationSnippets.ProviderId, newline)
            | Set(document.KeyValues, "model", snippets.DefaultModel, newline);
        if (addedTopLevel && !hadTopLevelKeys && document.Tables.ChildrenCount > 0)
        {
            // New keys right above the first table (or the comment before it): keep them apart with a blank line.
            var first = document.Tables.GetChild(0)!;
            first.LeadingTrivia ??= [];
            first.LeadingTrivia.Insert(0, new SyntaxTrivia(TokenKind.NewLine, newline));
        }

        var table = document.Tables.OfType<TableSyntax>().FirstOrDefault(t => KeyParts(t.Name!).SequenceEqual(ProviderTable));
        if (table is null)
        {
            table = new TableSyntax(new KeySyntax(ProviderTable[0], ProviderTable[1]));
            table.EndOfLineToken = new SyntaxToken(TokenKind.NewLine, newline);
            var before = document.ToString();
            if (before.Length > 0)
            {
                // A blank line above the new table, after a last line that may lack its line break.
                table.LeadingTrivia = [];
                if (!before.EndsWith('\n'))
                {
                    table.LeadingTrivia.Add(new SyntaxTrivia(TokenKind.NewLine, newline));
                }

                if (!before.EndsWith(newline + newline, StringComparison.Ordinal))
                {
                    table.LeadingTrivia.Add(new SyntaxTrivia(TokenKind.NewLine, newline));
                }
            }

            document.Tables.Add(table);
        }

        Set(table.Items, "name", IntegrationSnippets.ProviderName, newline);
        Set(table.Items, "base_url", snippets.CodexBaseUrl, newline);
        Set(table.Items, "env_key", IntegrationSnippets.EnvKey, newline);
        Set(table.Items, "wire_api", IntegrationSnippets.WireApi, newline);

        var merged = document.ToString();
        Check(merged, snippets, file);
        return merged;
    }

    // Replaces the key's string value in place, or appends the key after the last one. Returns whether it was added.
    private static bool Set(SyntaxList<KeyValueSyntax> keyValues, string key, string value, string newline)
    {
        KeyValueSyntax? last = null;
        foreach (var keyValue in keyValues)
        {
            last = keyValue;
            if (KeyParts(keyValue.Key!) is not [var name] || name != key)
            {
                continue;
            }

            if (keyValue.Value is StringValueSyntax text)
            {
                // Edit the token itself: the spacing and comment after it belong to the token and stay.
                text.Token!.Text = IntegrationSnippets.TomlString(value);
                text.Value = value;
            }
            else
            {
                keyValue.Value = new StringValueSyntax(value);
            }

            return false;
        }

        var added = new KeyValueSyntax(key, new StringValueSyntax(value)) { EndOfLineToken = new SyntaxToken(TokenKind.NewLine, newline) };
        if (last is not null)
        {
            // What followed the last key's line (blank lines, comments) now follows the new key.
            last.EndOfLineToken ??= new SyntaxToken(TokenKind.NewLine, newline);
            added.EndOfLineToken.TrailingTrivia = last.EndOfLineToken.TrailingTrivia;
            last.EndOfLineToken.TrailingTrivia = null;
        }

        keyValues.Add(added);
        return true;
    }

    private static List<string> KeyParts(KeySyntax key)
    {
        var parts = new List<string> { PartName(key.Key!) };
        parts.AddRange(key.DotKeys.Select(d => PartName(d.Key!)));
        return parts;
    }

    private static string PartName(BareKeyOrStringValueSyntax part) => part switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => string.Empty,
    };

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
            throw new XgateFailureException($"{file}: the merge could not place the FlowGate settings (the file defines model_providers in a form it does not edit, such as an inline table or dotted keys); nothing was written. Merge the output of 'xgate integration print codex' by hand.");
        }
    }

    private static bool Is(ConfigTable table, string key, string value) => table[key] is ConfigScalar { Value: string s } && s == value;
}
