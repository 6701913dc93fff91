using System.Buffers;
using System.Text;
using FlowGate.Routing.Rewriting;
using static FlowGate.Routing.Tests.Rewriting.RewriteAssert;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Refused bodies, duplicates, arguments, and the reported changes.</summary>
public sealed class RequestRewriterInputTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("[1,2]", 0)]
    [InlineData("\"model\"", 0)]
    [InlineData("""{"model":"a",}""", 13)]
    [InlineData("""{"model":"a"} x""", 14)]
    [InlineData("""{"model":"a"}{}""", 13)]
    [InlineData("""{"model":"a" /* c */}""", 13)]
    [InlineData("""{"model":"a","x":[1,2}""", 21)]
    [InlineData("""{"model":"a","x":tru}""", 17)]
    [InlineData("""{"model":"a","x":"open""", 17)]
    public void Rewrite_InvalidJson_ThrowsWithOffset(string body, long offset)
    {
        var e = Assert.Throws<InvalidRequestBodyException>(() => Rewrite(body, ClientProtocol.OpenAIChat, TargetParams.None));

        Assert.Equal(offset, e.ByteOffset);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void Rewrite_InvalidJson_MessageDoesNotEchoBody()
    {
        var secret = new string('s', 400);

        var e = Assert.Throws<InvalidRequestBodyException>(() => Rewrite($$"""{"system":"{{secret}}","x":01}""", ClientProtocol.OpenAIChat, TargetParams.None));

        Assert.DoesNotContain("ssssssss", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_DepthLimit_Accepts128AndRefusesMore()
    {
        static string Nested(int depth) => "{\"x\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        Assert.NotEmpty(Rewrite(Nested(128), ClientProtocol.OpenAIChat, TargetParams.None));
        Assert.Throws<InvalidRequestBodyException>(() => Rewrite(Nested(129), ClientProtocol.OpenAIChat, TargetParams.None));
    }

    [Theory]
    [InlineData(ClientProtocol.OpenAIChat, """{"model":"a","model":"b"}""", "'model'")]
    [InlineData(ClientProtocol.OpenAIChat, """{"model":"a","mod\u0065l":"b"}""", "'model'")]
    [InlineData(ClientProtocol.OpenAIChat, """{"max_tokens":1,"max_tokens":2}""", "'max_tokens'")]
    [InlineData(ClientProtocol.AnthropicMessages, """{"thinking":{"type":"enabled","budget_tokens":1,"budget_tokens":2}}""", "'thinking.budget_tokens'")]
    [InlineData(ClientProtocol.AnthropicMessages, """{"thinking":{},"thinking":{}}""", "'thinking'")]
    [InlineData(ClientProtocol.OpenAIResponses, """{"reasoning":{"effort":"a","effort":"b"}}""", "'reasoning.effort'")]
    public void Rewrite_DuplicateEditedMember_Throws(ClientProtocol protocol, string body, string path)
    {
        var e = Assert.Throws<InvalidRequestBodyException>(() => Rewrite(body, protocol, TargetParams.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientProtocol.OpenAIChat, """{"model":"a","x":1,"x":2,"thinking":1,"thinking":2}""", """{"model":"up","x":1,"x":2,"thinking":1,"thinking":2}""")]
    [InlineData(ClientProtocol.AnthropicMessages, """{"model":"a","max_output_tokens":1,"max_output_tokens":2}""", """{"model":"up","max_output_tokens":1,"max_output_tokens":2}""")]
    public void Rewrite_DuplicateOtherMember_PassesThrough(ClientProtocol protocol, string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, protocol, TargetParams.None));

    [Fact]
    public void Rewrite_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => RequestRewriter.Rewrite("{}"u8, ClientProtocol.OpenAIChat, "", TargetParams.None));
        Assert.Throws<ArgumentNullException>(() => RequestRewriter.Rewrite("{}"u8, ClientProtocol.OpenAIChat, "m", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestRewriter.Rewrite("{}"u8, (ClientProtocol)42, "m", TargetParams.None));
        Assert.Throws<ArgumentNullException>(() => RequestRewriter.Rewrite("{}"u8, null!, ClientProtocol.OpenAIChat, "m", TargetParams.None));
    }

    [Fact]
    public void RewriteInto_ARentedLongerBuffer_HoldsTheSameBytesAtItsStart_AndRentIsNotCalledForARefusedBody()
    {
        var body = """{"model":"a","max_tokens":32000,"messages":[]}"""u8.ToArray();
        var parameters = new TargetParams { MaxTokensMax = 8192 };
        var asked = new List<int>();

        var (buffer, length) = RequestRewriter.RewriteInto(body, n => { asked.Add(n); return new byte[n + 100]; }, ClientProtocol.OpenAIChat, "gpt", parameters);

        var expected = RequestRewriter.Rewrite(body, ClientProtocol.OpenAIChat, "gpt", parameters);
        Assert.Equal([expected.Length], asked);
        Assert.Equal(expected.Length, length);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Throws<InvalidRequestBodyException>(() => RequestRewriter.RewriteInto("""{"max_tokens":1,"max_tokens":2}"""u8, n => { asked.Add(n); return new byte[n]; }, ClientProtocol.OpenAIChat, "gpt", parameters));
        Assert.Single(asked);
    }

    [Fact]
    public void Rewrite_BufferWriter_WritesSameBytesAndReportsChanges()
    {
        var body = """{"model":"a","thinking":{"type":"enabled","budget_tokens":30000},"max_tokens":32000,"metadata":{}}"""u8.ToArray();
        var parameters = new TargetParams { ThinkingLevel = "high", ThinkingBudgetMax = 24576, MaxTokensMax = 8192, DropParams = ["metadata", "absent"] };
        var writer = new ArrayBufferWriter<byte>();
        writer.Write("prefix"u8);

        var result = RequestRewriter.Rewrite(body, writer, ClientProtocol.AnthropicMessages, "claude", parameters);

        var expected = RequestRewriter.Rewrite(body, ClientProtocol.AnthropicMessages, "claude", parameters);
        Assert.Equal("prefix" + Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(writer.WrittenSpan));
        Assert.Equal(expected.Length, result.BytesWritten);
        Assert.Equal(
            [
                new(RewriteAction.ModelSet, "model", "claude(high)"),
                new(RewriteAction.ThinkingBudgetCapped, "thinking.budget_tokens", "24576"),
                new(RewriteAction.MaxTokensCapped, "max_tokens", "8192"),
                new(RewriteAction.ThinkingBudgetBelowMaxTokens, "thinking.budget_tokens", "8191"),
                new AppliedRewrite(RewriteAction.MemberDropped, "metadata", null),
            ],
            result.Applied);
        Assert.Equal("""{"model":"claude(high)","thinking":{"type":"enabled","budget_tokens":8191},"max_tokens":8192}""", Encoding.UTF8.GetString(expected));
    }

    [Fact]
    public void AppliedRewrite_ToString_ReadsAsAssignment()
    {
        Assert.Equal("max_tokens = 8192 (MaxTokensCapped)", new AppliedRewrite(RewriteAction.MaxTokensCapped, "max_tokens", "8192").ToString());
        Assert.Equal("metadata removed (MemberDropped)", new AppliedRewrite(RewriteAction.MemberDropped, "metadata", null).ToString());
    }

    [Fact]
    public void Rewrite_AfterRefusedBody_NextRewriteIsClean()
    {
        Assert.Throws<InvalidRequestBodyException>(() => Rewrite("""{"model":"a","thinking":{"type":"enabled"},"x":""", ClientProtocol.AnthropicMessages, TargetParams.None));

        Assert.Equal("""{"x":1,"model":"up"}""", Rewrite("""{"x":1}""", ClientProtocol.AnthropicMessages, new TargetParams { ReasoningEffort = null }));
    }
}
