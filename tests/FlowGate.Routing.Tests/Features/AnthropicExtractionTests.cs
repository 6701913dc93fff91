using System.Text;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Tests.Features;

public sealed class AnthropicExtractionTests
{
    [Fact]
    public void Extract_ContentStringsAndSystemString_AreText()
    {
        var features = Extract("""
            {"model":"opus","system":"be brief","max_tokens":1024,
             "messages":[{"role":"user","content":"hello"},{"role":"assistant","content":"hi"},{"role":"user","content":"bye"}]}
            """);

        Assert.Equal("opus", features.Model);
        Assert.False(features.Stream);
        Assert.Equal(3, features.MessageCount);
        Assert.Equal(0, features.ToolCount);
        Assert.Equal("be brief".Length + "hello".Length + "hi".Length + "bye".Length, features.PromptChars);
        Assert.Equal((18 + 3) / 4, features.EstimatedInputTokens);
        Assert.Equal(1024, features.RequestedOutputTokens);
        Assert.Equal("bye", features.LastUserText);
    }

    [Fact]
    public void Extract_ThinkingEnabled_ReadsBudget()
    {
        var features = Extract("""{"thinking":{"budget_tokens":2048,"type":"enabled"},"messages":[]}""");

        Assert.True(features.ThinkingRequested);
        Assert.Equal(2048, features.ThinkingBudget);
        Assert.Null(features.ThinkingEffort);
    }

    [Fact]
    public void Extract_ThinkingDisabled_HasNoBudget()
    {
        var features = Extract("""{"thinking":{"type":"disabled","budget_tokens":2048},"output_config":{"effort":"low"}}""");

        Assert.False(features.ThinkingRequested);
        Assert.Null(features.ThinkingBudget);
        Assert.Equal("low", features.ThinkingEffort);
    }

    [Fact]
    public void Extract_AdaptiveThinkingWithUnusualEffort_KeepsTheEffortText()
    {
        var features = Extract("""{"thinking":{"type":"adaptive"},"output_config":{"effort":"ultra","format":{"type":"json"}}}""");

        Assert.True(features.ThinkingRequested);
        Assert.Equal("ultra", features.ThinkingEffort);
    }

    [Fact]
    public void Extract_ImageBlock_SetsHasImages()
    {
        var features = Extract("""
            {"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0"}},{"type":"text","text":"what is this"}]}]}
            """);

        Assert.True(features.HasImages);
        Assert.Equal("what is this".Length, features.PromptChars);
        Assert.Equal("what is this", features.LastUserText);
    }

    [Fact]
    public void Extract_ImageInsideToolResult_SetsHasImages()
    {
        var features = Extract("""
            {"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"image","source":{"type":"url","url":"https://x"}}]}]}]}
            """);

        Assert.True(features.HasImages);
    }

    [Fact]
    public void Extract_NoImage_LeavesHasImagesFalse()
    {
        var features = Extract("""{"messages":[{"role":"user","content":[{"type":"text","text":"image"}]}]}""");

        Assert.False(features.HasImages);
    }

    [Theory]
    [InlineData("""{"type":"thinking","thinking":"hmm","signature":"EqQBCkYIBxgCKkC"}""", true)]
    [InlineData("""{"signature":"EqQBCkYIBxgCKkC","thinking":"hmm","type":"thinking"}""", true)]
    [InlineData("""{"type":"thinking","thinking":"hmm","signature":""}""", false)]
    [InlineData("""{"type":"thinking","thinking":"hmm"}""", false)]
    [InlineData("""{"type":"redacted_thinking","data":"EmwKAhgBEgy3va"}""", true)]
    [InlineData("""{"type":"text","text":"signature","signature":"x"}""", false)]
    public void Extract_ThinkingBlocks_SetHasSignedThinkingOnlyWhenSigned(string block, bool expected)
    {
        var features = Extract($$"""
            {"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{{block}},{"type":"text","text":"a"}]}]}
            """);

        Assert.Equal(expected, features.HasSignedThinking);
    }

    [Fact]
    public void Extract_ToolResults_AreTextButNotTheUsersWords()
    {
        var features = Extract("""
            {"messages":[
              {"role":"user","content":[{"type":"text","text":"list files"}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"ls","input":{"path":"."}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"a.txt"},{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"b.txt"}]}]}]}
            """);

        Assert.Equal(3, features.MessageCount);
        Assert.Equal("list files".Length + "a.txt".Length + "b.txt".Length, features.PromptChars);

        // Text bytes plus the tool_use input object {"path":"."} (12 bytes), rounded up.
        Assert.Equal((10 + 5 + 5 + 12 + 3) / 4, features.EstimatedInputTokens);
        Assert.Equal("list files", features.LastUserText);
    }

    [Fact]
    public void Extract_TextBlocksOfLastUserMessage_AreJoinedByLineFeeds()
    {
        var features = Extract("""
            {"messages":[{"content":[{"type":"text","text":"<system-reminder>x</system-reminder>"},{"type":"text","text":""},{"type":"text","text":"fix the bug"}],"role":"user"}]}
            """);

        Assert.Equal("<system-reminder>x</system-reminder>\nfix the bug", features.LastUserText);
    }

    [Fact]
    public void Extract_LongLastUserText_KeepsItsEnd()
    {
        var text = new string('a', 5000) + "THE END";
        var features = Extract($$"""{"messages":[{"role":"user","content":"{{text}}"}]}""");

        Assert.Equal(RequestFeatureExtractor.MaxLastUserTextLength, features.LastUserText!.Length);
        Assert.EndsWith("aaaTHE END", features.LastUserText, StringComparison.Ordinal);
        Assert.Equal(text.Length, features.PromptChars);
    }

    [Fact]
    public void Extract_AHugeLastUserText_CostsNoCopyOfIt()
    {
        // Only the end is kept, so a 16 MiB prompt must not be decoded whole (32 MiB of characters) to keep 4,096.
        var body = Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":[{"type":"text","text":"{{new string('a', 16 * 1024 * 1024)}}THE END"}]}]}""");
        _ = Extract("""{"messages":[{"role":"user","content":[{"type":"text","text":"warm"}]}]}""");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var features = RequestFeatureExtractor.Extract(body, ClientProtocol.AnthropicMessages);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.EndsWith("aaaTHE END", features.LastUserText, StringComparison.Ordinal);
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Extract_CutThroughASurrogatePair_DropsTheOrphanHalf()
    {
        // 4,097 UTF-16 units: the cut falls after the first unit of the leading emoji.
        var text = "😀" + new string('b', RequestFeatureExtractor.MaxLastUserTextLength - 1);
        var features = Extract($$"""{"messages":[{"role":"user","content":"{{text}}"}]}""");

        Assert.Equal(new string('b', RequestFeatureExtractor.MaxLastUserTextLength - 1), features.LastUserText);
    }

    [Fact]
    public void Extract_EscapesAndNonAscii_CountAsTheDecodedCharacters()
    {
        var body = """{"messages":[{"role":"user","content":"a\nb\"c\u00e9\ud83d\ude00 é😀 \\"}]}""";
        var features = Extract(body);
        const string Decoded = "a\nb\"cé😀 é😀 \\";

        Assert.Equal(Decoded.Length, features.PromptChars);
        Assert.Equal(Decoded, features.LastUserText);
        var rawBytes = Encoding.UTF8.GetByteCount("""a\nb\"c\u00e9\ud83d\ude00 é😀 \\""");
        Assert.Equal((rawBytes + 3) / 4, features.EstimatedInputTokens);
    }

    [Fact]
    public void Extract_JsonUserId_GivesTheSessionId()
    {
        var features = Extract("""
            {"metadata":{"user_id":"{\"device_id\":\"8f2c\",\"account_uuid\":\"\",\"session_id\":\"5b7e0c2a-1d2b-4c1e-9f3a-7d1e2f3a4b5c\"}"}}
            """);

        Assert.Equal("5b7e0c2a-1d2b-4c1e-9f3a-7d1e2f3a4b5c", features.MetadataSessionId);
        Assert.Equal("5b7e0c2a-1d2b-4c1e-9f3a-7d1e2f3a4b5c", SessionKeys.Choose(null, features, "codex", "x"));
    }

    [Fact]
    public void Extract_LegacyUserId_GivesTheSessionId()
    {
        var features = Extract("""
            {"metadata":{"user_id":"user_3f9a1c_account_0e5c9a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6_session_c0ffee00-1234-4abc-8def-0123456789ab"}}
            """);

        Assert.Equal("c0ffee00-1234-4abc-8def-0123456789ab", features.MetadataSessionId);
    }

    [Theory]
    [InlineData("just some user")]
    [InlineData("")]
    [InlineData("user_abc_account_x_session_")]
    [InlineData("{\\\"device_id\\\":\\\"x\\\"}")]
    [InlineData("{\\\"session_id\\\":")]
    [InlineData("{\\\"session_id\\\":42}")]
    public void Extract_UserIdWithoutSession_GivesNone(string userId)
    {
        var features = Extract($$$"""{"metadata":{"user_id":"{{{userId}}}"}}""");

        Assert.Null(features.MetadataSessionId);
    }

    [Fact]
    public void Extract_MaxTokensOutOfRange_Saturates_AndOneThatIsNotAWholeNumber_IsRefused()
    {
        Assert.Equal(int.MaxValue, Extract("""{"max_tokens":1000000000000}""").RequestedOutputTokens);
        Assert.Equal(int.MinValue, Extract("""{"max_tokens":-1000000000000}""").RequestedOutputTokens);
        Assert.Null(Extract("""{"max_tokens":null}""").RequestedOutputTokens);
        foreach (var value in (string[])["100.7", "\"100\"", "1e12", "1e400", "true"])
        {
            var e = Assert.Throws<InvalidRequestBodyException>(() => Extract("{\"max_tokens\":" + value + "}"));
            Assert.Contains("max_tokens", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_UnknownMembersAndOddTypes_AreSkipped()
    {
        var features = Extract("""
            {"context_management":{"edits":[{"type":"clear_thinking_20251015","keep":{"a":[1,2,{"messages":[1,2,3]}]}}]},
             "stream":{"nested":true},"model":7,"tools":{"not":"an array"},"system":42,
             "messages":[{"role":"user","content":[1,"x",null,{"type":"text","text":"ok"}]},"stray",{"role":{"x":1},"content":null}],
             "temperature":0.2,"stop_sequences":["\n\n"]}
            """);

        Assert.Equal(3, features.MessageCount);
        Assert.Equal(0, features.ToolCount);
        Assert.False(features.Stream);
        Assert.Null(features.Model);
        Assert.Equal(2, features.PromptChars);
        Assert.Equal("ok", features.LastUserText);
    }

    [Fact]
    public void Extract_ChatOnlyFields_AreIgnored()
    {
        var features = Extract("""{"max_completion_tokens":5,"reasoning_effort":"high","prompt_cache_key":"k","input":"x"}""");

        Assert.Null(features.RequestedOutputTokens);
        Assert.Null(features.ThinkingEffort);
        Assert.Null(features.PromptCacheKey);
        Assert.Equal(0, features.MessageCount);
    }

    private static RequestFeatures Extract(string json) =>
        RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(json), ClientProtocol.AnthropicMessages);
}
