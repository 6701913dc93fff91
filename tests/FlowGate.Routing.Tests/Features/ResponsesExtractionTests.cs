using System.Text;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Tests.Features;

public sealed class ResponsesExtractionTests
{
    [Fact]
    public void Extract_StringInput_IsOneUserMessage()
    {
        var features = Extract("""{"model":"gpt-5-codex","instructions":"be terse","input":"write a haiku","max_output_tokens":300}""");

        Assert.Equal(1, features.MessageCount);
        Assert.Equal("write a haiku", features.LastUserText);
        Assert.Equal("be terse".Length + "write a haiku".Length, features.PromptChars);
        Assert.Equal(300, features.RequestedOutputTokens);
        Assert.False(features.ThinkingRequested);
    }

    [Fact]
    public void Extract_ReasoningWithEffort_AsksForReasoning()
    {
        var features = Extract("""{"reasoning":{"summary":"auto","effort":"xhigh"}}""");

        Assert.True(features.ThinkingRequested);
        Assert.Equal("xhigh", features.ThinkingEffort);
    }

    [Theory]
    [InlineData("""{"reasoning":{"effort":"none"}}""", false)]
    [InlineData("""{"reasoning":null}""", false)]
    [InlineData("""{"reasoning":{}}""", true)]
    public void Extract_Reasoning_AsksUnlessNoneOrNull(string body, bool requested) =>
        Assert.Equal(requested, Extract(body).ThinkingRequested);

    [Fact]
    public void Extract_Items_CountTextToolOutputAndArguments()
    {
        var features = Extract("""
            {"input":[
              {"type":"message","role":"user","content":[{"type":"input_text","text":"run ls"}]},
              {"type":"reasoning","summary":[{"type":"summary_text","text":"thinking about it"}],"encrypted_content":null},
              {"type":"function_call","name":"shell","arguments":"{\"cmd\":\"ls\"}","call_id":"c1"},
              {"type":"function_call_output","call_id":"c1","output":"a.txt"},
              {"type":"custom_tool_call","name":"apply_patch","input":"*** Begin Patch","call_id":"c2"},
              {"type":"custom_tool_call_output","call_id":"c2","output":[{"type":"input_text","text":"done"}]},
              {"role":"assistant","content":"ok"}]}
            """);

        Assert.Equal(7, features.MessageCount);
        Assert.Equal("run ls".Length + "a.txt".Length + "done".Length + "ok".Length, features.PromptChars);
        var argumentBytes = """{\"cmd\":\"ls\"}""".Length + "*** Begin Patch".Length;
        Assert.Equal((17 + argumentBytes + 3) / 4, features.EstimatedInputTokens);
        Assert.Equal("run ls", features.LastUserText);
        Assert.False(features.HasSignedThinking);
    }

    [Theory]
    [InlineData("""{"type":"reasoning","summary":[],"encrypted_content":"gAAAAABo"}""", true)]
    [InlineData("""{"encrypted_content":"gAAAAABo","summary":[],"type":"reasoning"}""", true)]
    [InlineData("""{"type":"reasoning","summary":[],"encrypted_content":""}""", false)]
    [InlineData("""{"type":"reasoning","summary":[]}""", false)]
    [InlineData("""{"type":"message","role":"assistant","content":"x","encrypted_content":"gAAAAABo"}""", false)]
    public void Extract_ReasoningItems_SetHasSignedThinkingOnlyWithEncryptedContent(string item, bool expected) =>
        Assert.Equal(expected, Extract($$"""{"input":[{{item}}]}""").HasSignedThinking);

    [Fact]
    public void Extract_InputImage_SetsHasImages()
    {
        Assert.True(Extract("""{"input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,AA"}]}]}""").HasImages);
        Assert.True(Extract("""{"input":[{"type":"function_call_output","call_id":"c","output":[{"type":"input_image","image_url":"data:x"}]}]}""").HasImages);
    }

    [Fact]
    public void Extract_PromptCacheKeyAndStream_AreRead()
    {
        var features = Extract("""{"stream":true,"prompt_cache_key":"0199-abc","store":false,"include":["reasoning.encrypted_content"]}""");

        Assert.True(features.Stream);
        Assert.Equal("0199-abc", features.PromptCacheKey);
        Assert.Equal("0199-abc", SessionKeys.Choose(null, features, "other", "other"));
    }

    [Fact]
    public void Extract_DeveloperMessagesOnly_HaveNoLastUserText() =>
        Assert.Null(Extract("""{"input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]}]}""").LastUserText);

    private static RequestFeatures Extract(string json) =>
        RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(json), ClientProtocol.OpenAIResponses);
}
