using FlowGate.Config;

namespace FlowGate.Xgate.Integration;

/// <summary>
/// What <c>xgate integration print</c> prints and <c>apply</c> writes, from the gateway's listen address and
/// <c>integration</c>: the Codex provider block (the LiteLLM-based xgate's renderer, <c>wire_api = "responses"</c>) and the Claude Code
/// environment (<c>ANTHROPIC_BASE_URL</c> without <c>/v1</c>; opus and sonnet default to the default model, haiku and
/// subagents to the fast model, unless a slot is configured on its own).
/// </summary>
internal sealed record IntegrationSnippets(string BaseUrl, string DefaultModel, string OpusModel, string SonnetModel, string HaikuModel, string FastModel)
{
    public const string ProviderId = "flowgate";
    public const string ProviderName = "FlowGate Local";
    /// <summary>The variable Codex reads the gateway key from; <c>launch codex</c> sets the same one.</summary>
    public const string EnvKey = "FLOWGATE_API_KEY";
    public const string WireApi = "responses";
    public const string TokenPlaceholder = "your-gateway-token";

    /// <summary>Gets the Codex <c>base_url</c> (with <c>/v1</c>).</summary>
    public string CodexBaseUrl => BaseUrl + "/v1";

    public static IntegrationSnippets From(FlowGateConfig config, FlowGate.Config.Settings.IntegrationSettings i)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(i);
        return new IntegrationSnippets(
            GatewayBaseUrl(config.Gateway.Host, config.Gateway.Port),
            i.DefaultModel,
            i.OpusModel ?? i.DefaultModel,
            i.SonnetModel ?? i.DefaultModel,
            i.HaikuModel ?? i.EffectiveFastModel,
            i.EffectiveFastModel);
    }

    /// <summary>The address clients use: a wildcard listen host becomes loopback; IPv6 gets brackets.</summary>
    public static string GatewayBaseUrl(string host, int port)
    {
        host = host switch
        {
            "0.0.0.0" or "" or "*" or "+" => "127.0.0.1",
            "::" or "[::]" => "[::1]",
            _ => host,
        };
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        return $"http://{host}:{port}";
    }

    /// <summary>The Claude Code variables, in the order printed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ClaudeEnvironment(bool withToken) =>
    [
        new("ANTHROPIC_BASE_URL", BaseUrl),
        .. withToken ? [new KeyValuePair<string, string>("ANTHROPIC_AUTH_TOKEN", TokenPlaceholder)] : (KeyValuePair<string, string>[])[],
        new("ANTHROPIC_MODEL", DefaultModel),
        new("ANTHROPIC_DEFAULT_OPUS_MODEL", OpusModel),
        new("ANTHROPIC_DEFAULT_SONNET_MODEL", SonnetModel),
        new("ANTHROPIC_DEFAULT_HAIKU_MODEL", HaikuModel),
        new("CLAUDE_CODE_SUBAGENT_MODEL", FastModel),
    ];

    public string Codex() => string.Join(
        '\n',
        $"model_provider = {TomlString(ProviderId)}",
        $"model = {TomlString(DefaultModel)}",
        string.Empty,
        $"[model_providers.{ProviderId}]",
        $"name = {TomlString(ProviderName)}",
        $"base_url = {TomlString(CodexBaseUrl)}",
        $"env_key = {TomlString(EnvKey)}",
        $"wire_api = {TomlString(WireApi)}") + "\n";

    public string ClaudeCode() => string.Concat(ClaudeEnvironment(withToken: true).Select(kv => $"{kv.Key}={kv.Value}\n"));

    /// <summary>A TOML basic string.</summary>
    public static string TomlString(string value)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                '\r' => builder.Append("\\r"),
                < ' ' or '\u007f' => builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
