namespace FlowGate.Gateway;

/// <summary>
/// What the demo prints once it listens: curl lines for each endpoint, and the Claude Code and Codex settings. One
/// place, so that the README quotes exactly these lines (a test checks it does, for the default address).
/// </summary>
internal static class TryIt
{
    private const string Hello = """[{"role":"user","content":"hello"}]""";

    /// <summary>Gets the curl lines for a gateway at <paramref name="baseUrl"/> (no trailing slash).</summary>
    /// <param name="baseUrl">For example <c>http://127.0.0.1:4000</c>.</param>
    /// <returns>One shell command a line.</returns>
    public static IReadOnlyList<string> CurlLines(string baseUrl) =>
    [
        $"curl -s {baseUrl}/v1/models",
        $"curl -s {baseUrl}/v1/messages -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -d '{{\"model\":\"router-default\",\"max_tokens\":256,\"messages\":{Hello}}}'",
        $"curl -s {baseUrl}/v1/chat/completions -H 'content-type: application/json' -d '{{\"model\":\"router-fast\",\"messages\":{Hello}}}'",
        $"curl -s {baseUrl}/v1/responses -H 'content-type: application/json' -d '{{\"model\":\"router-default\",\"input\":\"hello\"}}'",
        $"curl -sN {baseUrl}/v1/messages -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -d '{{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"stream\":true,\"messages\":{Hello}}}'",
    ];

    /// <summary>Gets the Claude Code environment (the base URL has no <c>/v1</c>).</summary>
    /// <param name="baseUrl">The gateway's base URL.</param>
    /// <returns>Shell lines.</returns>
    public static IReadOnlyList<string> ClaudeCodeLines(string baseUrl) =>
    [
        $"export ANTHROPIC_BASE_URL={baseUrl}",
        "export ANTHROPIC_AUTH_TOKEN=anything",
        "export ANTHROPIC_MODEL=router-default",
        "export ANTHROPIC_DEFAULT_HAIKU_MODEL=router-fast",
        "claude",
    ];

    /// <summary>Gets the Codex <c>~/.codex/config.toml</c> provider block (Responses API, base URL with <c>/v1</c>).</summary>
    /// <param name="baseUrl">The gateway's base URL.</param>
    /// <returns>TOML lines.</returns>
    public static IReadOnlyList<string> CodexLines(string baseUrl) =>
    [
        "model = \"router-default\"",
        "model_provider = \"flowgate\"",
        string.Empty,
        "[model_providers.flowgate]",
        "name = \"FlowGate\"",
        $"base_url = \"{baseUrl}/v1\"",
        "env_key = \"FLOWGATE_API_KEY\"",
        "wire_api = \"responses\"",
    ];

    /// <summary>Writes the whole text, as the demo prints it.</summary>
    /// <param name="baseUrl">The gateway's base URL.</param>
    /// <returns>The text.</returns>
    public static string Text(string baseUrl)
    {
        var lines = new List<string>
        {
            $"FlowGate demo on {baseUrl}: models router-default, router-fast (routes) and router-default.auto (an upgrade), aliases claude-* and gpt-*, all answered by an in-process mock upstream.",
            string.Empty,
            "Try:",
        };
        lines.AddRange(CurlLines(baseUrl).Select(l => "  " + l));
        lines.Add(string.Empty);
        lines.Add("Claude Code:");
        lines.AddRange(ClaudeCodeLines(baseUrl).Select(l => "  " + l));
        lines.Add(string.Empty);
        lines.Add("Codex (~/.codex/config.toml):");
        lines.AddRange(CodexLines(baseUrl).Select(l => l.Length == 0 ? string.Empty : "  " + l));
        lines.Add("  (then: export FLOWGATE_API_KEY=anything; codex)");
        lines.Add(string.Empty);
        lines.Add("Ctrl+C stops the gateway. Your own config: --config providers.toml | flowgate.yaml");
        return string.Join(Environment.NewLine, lines);
    }
}
