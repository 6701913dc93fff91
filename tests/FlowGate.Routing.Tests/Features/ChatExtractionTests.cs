using System.Text;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Tests.Features;

public sealed class ChatExtractionTests
{
    [Fact]
    public void Extract_ChatRequest_ReadsEveryField()
    {
        var features = Extract("""
            {"model":"gpt-5","stream":true,"prompt_cache_key":"thread-1","reasoning_effort":"medium","max_tokens":100,
             "messages":[{"role":"system","content":"sys"},
                         {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"c1","content":"result"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{}}}]}
            """);

        Assert.Equal("gpt-5", features.Model);
        Assert.True(features.Stream);
        Assert.Equal(4, features.MessageCount);
        Assert.Equal(1, features.ToolCount);
        Assert.Equal("thread-1", features.PromptCacheKey);
        Assert.Equal("medium", features.ThinkingEffort);
        Assert.True(features.ThinkingRequested);
        Assert.Null(features.ThinkingBudget);
        Assert.Equal(100, features.RequestedOutputTokens);
        Assert.True(features.HasImages);
        Assert.Equal("sys".Length + "look".Length + "result".Length, features.PromptChars);
        Assert.Equal("look", features.LastUserText);
    }

    [Fact]
    public void Extract_MaxCompletionTokens_WinsOverMaxTokens()
    {
        Assert.Equal(50, Extract("""{"max_completion_tokens":50,"max_tokens":100}""").RequestedOutputTokens);
        Assert.Equal(50, Extract("""{"max_tokens":100,"max_completion_tokens":50}""").RequestedOutputTokens);
        Assert.Equal(100, Extract("""{"max_tokens":100}""").RequestedOutputTokens);
    }

    [Fact]
    public void Extract_ReasoningEffortNone_DoesNotAskForReasoning()
    {
        var features = Extract("""{"reasoning_effort":"none"}""");

        Assert.False(features.ThinkingRequested);
        Assert.Equal("none", features.ThinkingEffort);
    }

    [Fact]
    public void Extract_NoReasoningEffort_DoesNotAskForReasoning() =>
        Assert.False(Extract("""{"messages":[{"role":"user","content":"hi"}]}""").ThinkingRequested);

    [Fact]
    public void Extract_ToolCalls_CountTowardsTheEstimateOnly()
    {
        const string Calls = """[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]""";
        var features = Extract($$"""{"messages":[{"role":"assistant","tool_calls":{{Calls}}}]}""");

        Assert.Equal(0, features.PromptChars);
        Assert.Equal((Encoding.UTF8.GetByteCount(Calls) + 3) / 4, features.EstimatedInputTokens);
        Assert.Null(features.LastUserText);
    }

    [Fact]
    public void Extract_AnthropicAndResponsesFields_AreIgnored()
    {
        var features = Extract("""{"thinking":{"type":"enabled","budget_tokens":1024},"max_output_tokens":9,"metadata":{"user_id":"user_a_account_b_session_c"},"system":"s"}""");

        Assert.False(features.ThinkingRequested);
        Assert.Null(features.RequestedOutputTokens);
        Assert.Null(features.MetadataSessionId);
        Assert.Equal(0, features.PromptChars);
    }

    private static RequestFeatures Extract(string json) =>
        RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(json), ClientProtocol.OpenAIChat);
}
