namespace FlowGate.Xgate.Tests;

public sealed class IntegrationPrintTests
{
    private const string PerSlot = """
        integration:
          default_model: router-sonnet
          fast_model: router-haiku
          opus_model: router-opus
        """;

    private static string SlotConfig(string integration) => $$$"""
        services:
          gateway: {host: 127.0.0.1, port: 4100}
        litellm_base:
          model_list:
            - {model_name: router-opus, litellm_params: {model: openai/claude-opus-4.6, api_base: "http://127.0.0.1:8317/v1", api_key: os.environ/K}}
            - {model_name: router-sonnet, litellm_params: {model: openai/claude-sonnet-4.5, api_base: "http://127.0.0.1:8317/v1", api_key: os.environ/K}}
            - {model_name: router-haiku, litellm_params: {model: openai/claude-haiku-4.5, api_base: "http://127.0.0.1:8317/v1", api_key: os.environ/K}}
        {{{integration}}}
        """;

    [Fact]
    public void Codex_TheGuidesSnippet()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var result = h.Run("--config", "config/flowgate.yaml", "integration", "print", "codex");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(XgateHarness.Golden("integration-codex.toml"), result.Out);
        Assert.Empty(result.Err);
    }

    [Fact]
    public void ClaudeCode_TheGuidesSnippet()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var result = h.Run("--config", "config/flowgate.yaml", "integration", "print", "claude-code");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(XgateHarness.Golden("integration-claude-code.env"), result.Out);
    }

    [Fact]
    public void PerSlotModels_AreUsed_AndUnsetSlotsFollowTheGuidesRule()
    {
        using var h = new XgateHarness();
        h.Env["K"] = "sk-k";
        h.Write("config/flowgate.yaml", SlotConfig(PerSlot));
        Assert.Equal(XgateHarness.Golden("integration-claude-code-slots.env"), h.Run("integration", "print", "claude-code").Out);
        Assert.Equal(XgateHarness.Golden("integration-codex-slots.toml"), h.Run("integration", "print", "codex").Out);
    }

    [Fact]
    public void AllSlotsSet_EachIsPrinted()
    {
        using var h = new XgateHarness();
        h.Env["K"] = "sk-k";
        h.Write("config/flowgate.yaml", SlotConfig(PerSlot + "\n  sonnet_model: router-opus\n  haiku_model: router-sonnet"));
        Assert.Equal(
            """
            ANTHROPIC_BASE_URL=http://127.0.0.1:4100
            ANTHROPIC_AUTH_TOKEN=your-gateway-token
            ANTHROPIC_MODEL=router-sonnet
            ANTHROPIC_DEFAULT_OPUS_MODEL=router-opus
            ANTHROPIC_DEFAULT_SONNET_MODEL=router-opus
            ANTHROPIC_DEFAULT_HAIKU_MODEL=router-sonnet
            CLAUDE_CODE_SUBAGENT_MODEL=router-haiku

            """,
            h.Run("integration", "print", "claude-code").Out);
    }

    [Fact]
    public void NoIntegrationModel_AndNoRouterDefault_TheFirstRouteIsUsed_WithANote()
    {
        using var h = new XgateHarness();
        h.UseExampleToml();

        var claude = h.Run("--config", "providers.toml", "integration", "print", "claude-code");
        Assert.Equal(0, claude.ExitCode);
        Assert.Contains("ANTHROPIC_MODEL=opus4.5\n", claude.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("router-default", claude.Out, StringComparison.Ordinal);
        Assert.Contains("using 'opus4.5', its first route (routes: opus4.5, gemini-pro, gpt5)", claude.Err, StringComparison.Ordinal);

        var codex = h.Run("--config", "providers.toml", "integration", "print", "codex");
        Assert.Contains("model = \"opus4.5\"", codex.Out, StringComparison.Ordinal);
        Assert.Contains("env_key = \"FLOWGATE_API_KEY\"", codex.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ProvidersToml_UsesMainPortAndLoopbackForAWildcardHost()
    {
        using var h = new XgateHarness();
        h.UseExampleToml();
        var result = h.Run("--config", "providers.toml", "integration", "print", "codex");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("base_url = \"http://127.0.0.1:8145/v1\"", result.Out, StringComparison.Ordinal);
    }
}
