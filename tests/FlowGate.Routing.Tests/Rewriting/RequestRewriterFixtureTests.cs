using System.Text;
using System.Text.Json;
using FlowGate.Routing.Rewriting;
using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>The real Claude Code and Codex requests: only the intended members change, byte for byte.</summary>
public sealed class RequestRewriterFixtureTests
{
    [Fact]
    public void Rewrite_ClaudeCodeRequest_ChangesOnlyModelEffortMaxTokensAndMetadata()
    {
        var body = ClientFixtures.Body(ClientFixtures.ClaudeCode);
        var parameters = new TargetParams { ReasoningEffort = "medium", MaxTokensMax = 8192, ThinkingBudgetMax = 16000, DropParams = ["metadata"] };

        var result = Rewrite(body, ClientProtocol.AnthropicMessages, "claude-opus-4-6", parameters, out var output);

        var text = Encoding.UTF8.GetString(body);
        var expected = ReplaceOnce(text, "\"model\":\"router-default\"", "\"model\":\"claude-opus-4-6\"");
        expected = ReplaceOnce(expected, "\"output_config\":{\"effort\":\"high\"}", "\"output_config\":{\"effort\":\"medium\"}");
        expected = ReplaceOnce(expected, "\"max_tokens\":32000", "\"max_tokens\":8192");
        expected = ReplaceOnce(expected, "\"metadata\":" + Raw(body, "metadata") + ",", string.Empty);
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
        string[] touched = ["model", "output_config.effort", "max_tokens", "metadata"];
        RewriteAssert.OnlyTouchedMembersDiffer(body, output, touched);
        RewriteAssert.UntouchedBytesKept(body, output, touched);
        Assert.Equal(
            [
                new(RewriteAction.ModelSet, "model", "claude-opus-4-6"),
                new(RewriteAction.EffortSet, "output_config.effort", "medium"),
                new(RewriteAction.MaxTokensCapped, "max_tokens", "8192"),
                new AppliedRewrite(RewriteAction.MemberDropped, "metadata", null),
            ],
            result.Applied);
    }

    [Fact]
    public void Rewrite_ClaudeCodeRequestWithEnabledThinking_SetsBudgetBelowMaxTokens()
    {
        var adaptive = Encoding.UTF8.GetString(ClientFixtures.Body(ClientFixtures.ClaudeCode));
        var body = Encoding.UTF8.GetBytes(ReplaceOnce(adaptive, "\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"}", "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999}"));
        var parameters = new TargetParams { ReasoningEffort = "high", MaxTokensMax = 16000, ThinkingLevel = "high" };

        var result = Rewrite(body, ClientProtocol.AnthropicMessages, "claude-sonnet-4-5", parameters, out var output);

        var expected = ReplaceOnce(Encoding.UTF8.GetString(body), "\"model\":\"router-default\"", "\"model\":\"claude-sonnet-4-5(high)\"");
        expected = ReplaceOnce(expected, "\"max_tokens\":32000", "\"max_tokens\":16000");
        expected = ReplaceOnce(expected, "\"budget_tokens\":31999", "\"budget_tokens\":15999");
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
        Assert.Equal(
            [RewriteAction.ModelSet, RewriteAction.ThinkingBudgetSet, RewriteAction.MaxTokensCapped, RewriteAction.ThinkingBudgetBelowMaxTokens],
            result.Applied.Select(a => a.Action));
        RewriteAssert.UntouchedBytesKept(body, output, ["model", "max_tokens", "thinking.budget_tokens"]);
    }

    [Fact]
    public void Rewrite_CodexRequest_ChangesOnlyModelReasoningAndLimits()
    {
        var body = ClientFixtures.Body(ClientFixtures.Codex);
        var parameters = new TargetParams { ReasoningEffort = "high", MaxTokensDefault = 32000, DropParams = ["client_metadata"] };

        var result = Rewrite(body, ClientProtocol.OpenAIResponses, "gpt-5-codex", parameters, out var output);

        var text = Encoding.UTF8.GetString(body);
        var expected = ReplaceOnce(text, "\"model\":\"router-default\"", "\"model\":\"gpt-5-codex\"");
        expected = ReplaceOnce(expected, "\"reasoning\":{\"summary\":\"auto\"}", "\"reasoning\":{\"summary\":\"auto\",\"effort\":\"high\"}");
        expected = ReplaceOnce(expected, ",\"client_metadata\":" + Raw(body, "client_metadata") + "}", ",\"max_output_tokens\":32000}");
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
        string[] touched = ["model", "reasoning.effort", "max_output_tokens", "client_metadata"];
        RewriteAssert.OnlyTouchedMembersDiffer(body, output, touched);
        RewriteAssert.UntouchedBytesKept(body, output, touched);
        Assert.Equal(
            [RewriteAction.ModelSet, RewriteAction.EffortSet, RewriteAction.MaxTokensDefaulted, RewriteAction.MemberDropped],
            result.Applied.Select(a => a.Action));
    }

    [Theory]
    [InlineData(ClientFixtures.ClaudeCode, ClientProtocol.AnthropicMessages)]
    [InlineData(ClientFixtures.Codex, ClientProtocol.OpenAIResponses)]
    public void Rewrite_FixtureTwice_SameAsOnce(string fixture, ClientProtocol protocol)
    {
        var parameters = new TargetParams { ReasoningEffort = "low", MaxTokensMax = 1000, MaxTokensDefault = 4000, ThinkingBudgetMax = 512, DropParams = ["metadata", "store"] };

        var once = RequestRewriter.Rewrite(ClientFixtures.Body(fixture), protocol, "m", parameters);

        Assert.Equal(once, RequestRewriter.Rewrite(once, protocol, "m", parameters));
    }

    [Fact]
    public void Rewrite_ModelOnly_ChangesOneValue()
    {
        var body = ClientFixtures.Body(ClientFixtures.ClaudeCode);

        var output = RequestRewriter.Rewrite(body, ClientProtocol.AnthropicMessages, "router-defaulX", TargetParams.None);

        Assert.Equal(body.Length, output.Length);
        Assert.Equal(1, body.Zip(output).Count(pair => pair.First != pair.Second));
    }

    private static RewriteResult Rewrite(byte[] body, ClientProtocol protocol, string model, TargetParams parameters, out byte[] output)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var result = RequestRewriter.Rewrite(body, writer, protocol, model, parameters);
        output = writer.WrittenSpan.ToArray();
        return result;
    }

    private static string ReplaceOnce(string text, string old, string replacement)
    {
        var index = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(old, index + 1, StringComparison.Ordinal) < 0, $"'{old}' must occur exactly once.");
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + old.Length));
    }

    private static string Raw(byte[] body, string member)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(member).GetRawText();
    }
}
