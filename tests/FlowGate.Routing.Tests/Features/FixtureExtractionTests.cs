using FlowGate.Routing.Features;
using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Features;

/// <summary>The real requests of Claude Code 2.1.330 and Codex 0.169.0, with expectations computed independently.</summary>
public sealed class FixtureExtractionTests
{
    private static readonly byte[] ClaudeCodeBody = ClientFixtures.Body(ClientFixtures.ClaudeCode);
    private static readonly byte[] CodexBody = ClientFixtures.Body(ClientFixtures.Codex);

    [Fact]
    public void ClaudeCode_RequestShape_IsRead()
    {
        var features = RequestFeatureExtractor.Extract(ClaudeCodeBody, ClientProtocol.AnthropicMessages);

        Assert.Equal("router-default", features.Model);
        Assert.True(features.Stream);
        Assert.Equal(2, features.MessageCount);
        Assert.Equal(12, features.ToolCount);
        Assert.Equal(32000, features.RequestedOutputTokens);
        Assert.True(features.ThinkingRequested);
        Assert.Null(features.ThinkingBudget);
        Assert.Equal("high", features.ThinkingEffort);
        Assert.False(features.HasImages);
        Assert.False(features.HasSignedThinking);
        Assert.Null(features.PromptCacheKey);
        Assert.Null(features.SessionKey);
        Assert.Equal(0, features.FailureStreak);
    }

    [Fact]
    public void ClaudeCode_CountsAndEstimate_MatchJsonDocument()
    {
        var features = RequestFeatureExtractor.Extract(ClaudeCodeBody, ClientProtocol.AnthropicMessages);
        var oracle = FeatureOracle.Of(ClaudeCodeBody, ClientProtocol.AnthropicMessages);

        Assert.Equal(oracle.MessageCount, features.MessageCount);
        Assert.Equal(oracle.ToolCount, features.ToolCount);
        Assert.Equal(oracle.PromptChars, features.PromptChars);
        Assert.Equal(oracle.EstimatedInputTokens, features.EstimatedInputTokens);

        // Sanity on the oracle itself: system (3 blocks) and message text are ~17 k characters, and the
        // estimate is dominated by the ~31 KB of tool schemas.
        Assert.InRange(features.PromptChars, 15_000, 20_000);
        Assert.InRange(features.EstimatedInputTokens, 11_000, 13_500);
    }

    [Fact]
    public void ClaudeCode_LastUserText_IsTheUserMessageBlocksJoined()
    {
        var features = RequestFeatureExtractor.Extract(ClaudeCodeBody, ClientProtocol.AnthropicMessages);

        Assert.Equal(FeatureOracle.LastUserText(ClaudeCodeBody, ClientProtocol.AnthropicMessages), features.LastUserText);
        Assert.EndsWith("\nsay ping", features.LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaudeCode_SessionKey_ComesFromTheHeader()
    {
        var features = RequestFeatureExtractor.Extract(ClaudeCodeBody, ClientProtocol.AnthropicMessages);
        var header = ClientFixtures.Header(ClientFixtures.ClaudeCode, SessionKeys.ClaudeCodeSessionHeader);

        // The capture's user_id is filler, neither of Claude Code's session forms.
        Assert.Null(features.MetadataSessionId);
        Assert.Equal("2884cc54-539f-4714-a701-50208ea2c501", SessionKeys.Choose(header, features, null, null));
        Assert.Equal(
            "2884cc54-539f-4714-a701-50208ea2c501",
            SessionKeys.Choose(features, ClaudeCodeBody, static (_, name) => ClientFixtures.Header(ClientFixtures.ClaudeCode, name)));
    }

    [Fact]
    public void Codex_RequestShape_IsRead()
    {
        var features = RequestFeatureExtractor.Extract(CodexBody, ClientProtocol.OpenAIResponses);

        Assert.Equal("router-default", features.Model);
        Assert.True(features.Stream);
        Assert.Equal(4, features.MessageCount);
        Assert.Equal(9, features.ToolCount);
        Assert.Equal("01a2019a-b079-75a0-9e30-46b41fda822d", features.PromptCacheKey);
        Assert.True(features.ThinkingRequested);
        Assert.Null(features.ThinkingEffort);
        Assert.Null(features.ThinkingBudget);
        Assert.Null(features.RequestedOutputTokens);
        Assert.False(features.HasImages);
        Assert.False(features.HasSignedThinking);
        Assert.Null(features.MetadataSessionId);
        Assert.Equal("say ping", features.LastUserText);
    }

    [Fact]
    public void Codex_CountsAndEstimate_MatchJsonDocument()
    {
        var features = RequestFeatureExtractor.Extract(CodexBody, ClientProtocol.OpenAIResponses);
        var oracle = FeatureOracle.Of(CodexBody, ClientProtocol.OpenAIResponses);

        Assert.Equal(oracle.MessageCount, features.MessageCount);
        Assert.Equal(oracle.ToolCount, features.ToolCount);
        Assert.Equal(oracle.PromptChars, features.PromptChars);
        Assert.Equal(oracle.EstimatedInputTokens, features.EstimatedInputTokens);
        Assert.Equal(16979 + 2123 + 341 + 403 + 8, features.PromptChars);
    }

    [Fact]
    public void Codex_SessionKey_IsThePromptCacheKey()
    {
        var features = RequestFeatureExtractor.Extract(CodexBody, ClientProtocol.OpenAIResponses);
        var sessionHeader = ClientFixtures.Header(ClientFixtures.Codex, SessionKeys.CodexSessionHeader);

        Assert.Equal("01a2019a-b079-75a0-9e30-46b41fda822d", SessionKeys.Choose(null, features, sessionHeader, null));
        Assert.Equal(
            "01a2019a-b079-75a0-9e30-46b41fda822d",
            SessionKeys.Choose(features with { PromptCacheKey = null }, 0, static (_, name) => ClientFixtures.Header(ClientFixtures.Codex, name)));
    }

    [Fact]
    public void Fixtures_ReadUnderTheOtherProtocols_KeepOnlyTheCommonFields()
    {
        var features = RequestFeatureExtractor.Extract(ClaudeCodeBody, ClientProtocol.OpenAIResponses);

        Assert.Equal("router-default", features.Model);
        Assert.Equal(12, features.ToolCount);
        Assert.Equal(0, features.MessageCount);
        Assert.Null(features.RequestedOutputTokens);
        Assert.False(features.ThinkingRequested);
    }
}
