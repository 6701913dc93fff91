using System.Text;

namespace FlowGate.Xgate.Launch;

/// <summary>How the launcher reaches a model: through FlowGate, straight to another endpoint, or Anthropic's / OpenAI's own service.</summary>
internal enum LaunchMode
{
    Gateway,
    Direct,
    Official,
}

/// <summary>One variable the client gets; a secret one prints as <c>***</c>.</summary>
internal sealed record EnvSetting(string Name, string Value, bool Secret);

/// <summary>
/// The client's command line and environment changes. Claude Code gets <c>ANTHROPIC_BASE_URL</c> (the root, no
/// <c>/v1</c>), <c>ANTHROPIC_AUTH_TOKEN</c>, <c>ANTHROPIC_MODEL</c>, <c>ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL</c> and
/// <c>CLAUDE_CODE_SUBAGENT_MODEL</c> (the fast model), with <c>ANTHROPIC_API_KEY</c> and the proxy variables removed, as
/// <c>cld</c> did. Codex gets a <c>flowgate</c> model provider through <c>-c key=value</c> overrides (values are TOML)
/// with <c>wire_api = "responses"</c>, its key in <c>FLOWGATE_API_KEY</c>, and <c>-m MAIN</c>.
/// </summary>
internal sealed record LaunchPlan(string Program, IReadOnlyList<string> Arguments, IReadOnlyList<EnvSetting> Set, IReadOnlyList<string> Unset)
{
    public const string Placeholder = "flowgate-no-key";

    public const string CodexKeyVariable = Integration.IntegrationSnippets.EnvKey;

    public static readonly string[] ProxyVariables = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"];

    public static LaunchPlan Build(string client, LaunchMode mode, string? baseUrl, string? key, ModelChoice? models, IReadOnlyList<string> extraArgs)
    {
        ArgumentNullException.ThrowIfNull(client);
        var set = new List<EnvSetting>();
        var unset = new List<string>();
        var args = new List<string>();
        var token = key ?? Placeholder;
        var secret = key is not null && key != Placeholder;
        var root = baseUrl is null ? null : Root(baseUrl);
        if (client == "claude")
        {
            if (mode == LaunchMode.Official)
            {
                unset.AddRange(["ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN"]);
            }
            else
            {
                set.Add(new EnvSetting("ANTHROPIC_BASE_URL", root!, false));
                set.Add(new EnvSetting("ANTHROPIC_AUTH_TOKEN", token, secret));
                unset.Add("ANTHROPIC_API_KEY");
                unset.AddRange(ProxyVariables);
            }

            if (models is not null)
            {
                set.Add(new EnvSetting("ANTHROPIC_MODEL", models.Main, false));
                set.Add(new EnvSetting("ANTHROPIC_DEFAULT_OPUS_MODEL", models.Opus, false));
                set.Add(new EnvSetting("ANTHROPIC_DEFAULT_SONNET_MODEL", models.Main, false));
                set.Add(new EnvSetting("ANTHROPIC_DEFAULT_HAIKU_MODEL", models.Fast, false));
                set.Add(new EnvSetting("CLAUDE_CODE_SUBAGENT_MODEL", models.Fast, false));
            }
        }
        else
        {
            if (mode != LaunchMode.Official)
            {
                args.AddRange(
                [
                    "-c", "model_provider=\"flowgate\"",
                    "-c", "model_providers.flowgate.name=\"FlowGate\"",
                    "-c", $"model_providers.flowgate.base_url=\"{root}/v1\"",
                    "-c", "model_providers.flowgate.wire_api=\"responses\"",
                    "-c", $"model_providers.flowgate.env_key=\"{CodexKeyVariable}\"",
                ]);
                set.Add(new EnvSetting(CodexKeyVariable, token, secret));
                unset.AddRange(ProxyVariables);
            }

            if (models is not null)
            {
                args.AddRange(["-m", models.Main]);
            }
        }

        args.AddRange(extraArgs);
        return new LaunchPlan(client, args, set, unset);
    }

    /// <summary>The base URL without a trailing slash or <c>/v1</c>.</summary>
    public static string Root(string url)
    {
        var trimmed = url.TrimEnd('/');
        return trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3] : trimmed;
    }

    /// <summary>The plan as shell text: <c>NAME=value</c> lines (secrets as <c>***</c>), <c>unset NAME</c> lines, and the command.</summary>
    public string Render(string program)
    {
        var text = new StringBuilder();
        foreach (var setting in Set)
        {
            text.Append(setting.Name).Append('=').Append(setting.Secret ? "***" : Quote(setting.Value)).Append('\n');
        }

        foreach (var name in Unset)
        {
            text.Append("unset ").Append(name).Append('\n');
        }

        text.Append("exec ").Append(Quote(program));
        foreach (var arg in Arguments)
        {
            text.Append(' ').Append(Quote(arg));
        }

        return text.Append('\n').ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
