using System.Text.Json.Nodes;
using FlowGate.Config.Documents;
using FlowGate.Config.Toml;

namespace FlowGate.Xgate.Tests;

public sealed class IntegrationApplyTests
{
    private const string ExistingCodex = """
        # My Codex settings
        model = "gpt-5" # the main model
        approval_policy = "on-request"

        # Sandbox
        [sandbox_workspace_write]
        network_access = true

        [model_providers.openai-proxy]
        name = "Proxy"
        base_url = "https://proxy.example/v1"

        [model_providers.flowgate]
        name = "Old name"   # renamed by hand
        base_url = "http://127.0.0.1:9999/v1"
        request_max_retries = 4

        [profiles.fast]
        model = "gpt-5-mini"

        """;

    private const string ExpectedCodex = """
        # My Codex settings
        model = "router-default" # the main model
        approval_policy = "on-request"
        model_provider = "flowgate"

        # Sandbox
        [sandbox_workspace_write]
        network_access = true

        [model_providers.openai-proxy]
        name = "Proxy"
        base_url = "https://proxy.example/v1"

        [model_providers.flowgate]
        name = "FlowGate Local"   # renamed by hand
        base_url = "http://127.0.0.1:4000/v1"
        request_max_retries = 4
        env_key = "FLOWGATE_API_KEY"
        wire_api = "responses"

        [profiles.fast]
        model = "gpt-5-mini"

        """;

    private static string CodexFile(XgateHarness h) => Path.Combine(h.Home, ".codex", "config.toml");

    private static string ClaudeFile(XgateHarness h) => Path.Combine(h.Home, ".claude", "settings.json");

    private static string[] Backups(string file) => Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".backup.*");

    [Fact]
    public void Codex_MergesInPlace_KeepingCommentsAndOtherTables()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var file = CodexFile(h);
        h.Write("home/.codex/config.toml", ExistingCodex, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var result = h.Run("integration", "apply", "codex");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExpectedCodex, File.ReadAllText(file));
        var backup = Assert.Single(Backups(file));
        Assert.Equal(ExistingCodex, File.ReadAllText(backup));
        Assert.EndsWith(".backup.20260227T101500Z", backup, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
        Assert.Contains($"updated: {file}", result.Out, StringComparison.Ordinal);

        // The result is valid TOML that says what the snippet says.
        var root = TomlReader.Parse(File.ReadAllText(file), file);
        Assert.Equal("flowgate", ((ConfigScalar)root["model_provider"]!).Value);
        var provider = (ConfigTable)((ConfigTable)root["model_providers"]!)["flowgate"]!;
        Assert.Equal("responses", ((ConfigScalar)provider["wire_api"]!).Value);
    }

    [Fact]
    public void Codex_SecondApply_ChangesNothingAndMakesNoBackup()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        h.Write("home/.codex/config.toml", ExistingCodex);
        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);
        var after = File.ReadAllText(CodexFile(h));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var second = h.Run("integration", "apply", "codex");

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("unchanged", second.Out, StringComparison.Ordinal);
        Assert.Equal(after, File.ReadAllText(CodexFile(h)));
        Assert.Single(Backups(CodexFile(h)));
    }

    [Fact]
    public void Codex_NoFile_WritesTheSnippet0600_WithoutBackup()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);
        Assert.Equal(XgateHarness.Golden("integration-codex.toml"), File.ReadAllText(CodexFile(h)));
        Assert.Empty(Backups(CodexFile(h)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CodexFile(h)));
        Assert.Contains("unchanged", h.Run("integration", "apply", "codex").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Codex_TopLevelKeysGoAboveTheFirstTable()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        h.Write("home/.codex/config.toml", "[tui]\nnotifications = true\n");
        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);
        Assert.Equal(
            """
            model_provider = "flowgate"
            model = "router-default"

            [tui]
            notifications = true

            [model_providers.flowgate]
            name = "FlowGate Local"
            base_url = "http://127.0.0.1:4000/v1"
            env_key = "FLOWGATE_API_KEY"
            wire_api = "responses"

            """,
            File.ReadAllText(CodexFile(h)));
    }

    [Fact]
    public void Codex_ArrayValuesWithBrackets_AreNotTakenForTables()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        const string existing = "notify = [\n  \"[x]\",\n]\n\n[model_providers.flowgate]\nname = \"x\"\n";
        h.Write("home/.codex/config.toml", existing);
        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);
        var text = File.ReadAllText(CodexFile(h));
        Assert.StartsWith("notify = [\n  \"[x]\",\n]\nmodel_provider = \"flowgate\"\n", text, StringComparison.Ordinal);
        TomlReader.Parse(text, "config.toml");
    }

    [Fact]
    public void Codex_CommentsLayoutAndForeignTables_AreKeptByteForByte()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        const string foreign = "\r\n# MCP servers, hand-tuned\r\n[mcp_servers.docs]   # trailing\r\ncommand = 'npx'\r\nargs = [\r\n  \"-y\",  # first\r\n  \"[not a table]\",\r\n]\r\nenv = { A = \"1\", B = \"2\" }\r\n\r\n[[profiles.list]]\r\nx = 1.50\r\n";
        var existing = "model = 'gpt-5'   # literal string, odd spacing\r\n" + foreign;
        h.Write("home/.codex/config.toml", existing);

        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);

        var text = File.ReadAllText(CodexFile(h));
        Assert.StartsWith("model = \"router-default\"   # literal string, odd spacing\r\nmodel_provider = \"flowgate\"\r\n" + foreign, text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n[model_providers.flowgate]\r\nname = \"FlowGate Local\"\r\nbase_url = \"http://127.0.0.1:4000/v1\"\r\nenv_key = \"FLOWGATE_API_KEY\"\r\nwire_api = \"responses\"\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Codex_LastLineWithoutLineBreak_GetsOneBeforeTheNewKeys()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        h.Write("home/.codex/config.toml", "# c\n[tui]\nnotifications = true");

        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);

        Assert.Equal(
            "model_provider = \"flowgate\"\nmodel = \"router-default\"\n\n# c\n[tui]\nnotifications = true\n\n[model_providers.flowgate]\nname = \"FlowGate Local\"\nbase_url = \"http://127.0.0.1:4000/v1\"\nenv_key = \"FLOWGATE_API_KEY\"\nwire_api = \"responses\"\n",
            File.ReadAllText(CodexFile(h)));
    }

    [Fact]
    public void Codex_InvalidToml_IsLeftAlone()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        h.Write("home/.codex/config.toml", "model = \n");
        var result = h.Run("integration", "apply", "codex");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not valid TOML", result.Err, StringComparison.Ordinal);
        Assert.Equal("model = \n", File.ReadAllText(CodexFile(h)));
        Assert.Empty(Backups(CodexFile(h)));
    }

    [Fact]
    public void Codex_InlineProviderTable_IsRefusedNotBroken()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        const string existing = "model_providers = { flowgate = { name = \"x\" } }\n";
        h.Write("home/.codex/config.toml", existing);
        var result = h.Run("integration", "apply", "codex");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(existing, File.ReadAllText(CodexFile(h)));
    }

    [Fact]
    public void Codex_HomeOption_AndCodexHome()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("integration", "apply", "codex", "--home", "elsewhere").ExitCode);
        Assert.True(File.Exists(Path.Combine(h.Root, "elsewhere", ".codex", "config.toml")));
        h.Env["CODEX_HOME"] = Path.Combine(h.Root, "codex-home");
        Assert.Equal(0, h.Run("integration", "apply", "codex").ExitCode);
        Assert.True(File.Exists(Path.Combine(h.Root, "codex-home", "config.toml")));
    }

    [Fact]
    public void Claude_MergesEnv_KeepingEverythingElse()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        const string existing = """
            {
              "model": "opus",
              "permissions": { "allow": ["Bash(ls:*)"] },
              "env": {
                "ANTHROPIC_AUTH_TOKEN": "sk-my-real-gateway-key",
                "DISABLE_TELEMETRY": "1",
                "ANTHROPIC_MODEL": "claude-opus-4-6"
              }
            }
            """;
        h.Write("home/.claude/settings.json", existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = h.Run("integration", "apply", "claude-code");

        Assert.Equal(0, result.ExitCode);
        var file = ClaudeFile(h);
        var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal("opus", (string?)root["model"]);
        Assert.Equal("Bash(ls:*)", (string?)root["permissions"]!["allow"]![0]);
        var env = root["env"]!.AsObject();
        Assert.Equal(
            ["ANTHROPIC_AUTH_TOKEN", "DISABLE_TELEMETRY", "ANTHROPIC_MODEL", "ANTHROPIC_BASE_URL", "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL", "CLAUDE_CODE_SUBAGENT_MODEL"],
            env.Select(kv => kv.Key).ToArray());
        Assert.Equal("sk-my-real-gateway-key", (string?)env["ANTHROPIC_AUTH_TOKEN"]);
        Assert.Equal("http://127.0.0.1:4000", (string?)env["ANTHROPIC_BASE_URL"]);
        Assert.Equal("router-default", (string?)env["ANTHROPIC_MODEL"]);
        Assert.Equal("router-default", (string?)env["CLAUDE_CODE_SUBAGENT_MODEL"]);
        Assert.Equal(existing, File.ReadAllText(Assert.Single(Backups(file))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
        Assert.DoesNotContain("sk-my-real-gateway-key", result.All, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var second = h.Run("integration", "apply", "claude-code");
        Assert.Contains("unchanged", second.Out, StringComparison.Ordinal);
        Assert.Single(Backups(file));
    }

    [Fact]
    public void Claude_NoFile_CreatesEnvWithoutAToken()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        Assert.Equal(0, h.Run("integration", "apply", "claude-code").ExitCode);
        Assert.Equal(
            """
            {
              "env": {
                "ANTHROPIC_BASE_URL": "http://127.0.0.1:4000",
                "ANTHROPIC_MODEL": "router-default",
                "ANTHROPIC_DEFAULT_OPUS_MODEL": "router-default",
                "ANTHROPIC_DEFAULT_SONNET_MODEL": "router-default",
                "ANTHROPIC_DEFAULT_HAIKU_MODEL": "router-default",
                "CLAUDE_CODE_SUBAGENT_MODEL": "router-default"
              }
            }

            """,
            File.ReadAllText(ClaudeFile(h)));
        Assert.Empty(Backups(ClaudeFile(h)));
    }

    [Fact]
    public void Claude_NotAnObject_IsLeftAlone()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        h.Write("home/.claude/settings.json", "[1, 2]");
        Assert.Equal(1, h.Run("integration", "apply", "claude-code").ExitCode);
        Assert.Equal("[1, 2]", File.ReadAllText(ClaudeFile(h)));
    }

    [Fact]
    public void DryRun_WritesNothing()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var result = h.Run("integration", "apply", "claude-code", "--dry-run");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:4000\"", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(ClaudeFile(h)));
    }

    [Fact]
    public void Claude_LinkedSettingsFile_IsEditedWhereItLives()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var real = h.Write("dotfiles/claude-settings.json", "{\"model\": \"opus\"}\n");
        Directory.CreateDirectory(Path.Combine(h.Home, ".claude"));
        File.CreateSymbolicLink(ClaudeFile(h), real);

        Assert.Equal(0, h.Run("integration", "apply", "claude-code").ExitCode);

        Assert.NotNull(new FileInfo(ClaudeFile(h)).LinkTarget);
        Assert.Contains("ANTHROPIC_BASE_URL", File.ReadAllText(real), StringComparison.Ordinal);
        Assert.Single(Backups(real));
    }
}
