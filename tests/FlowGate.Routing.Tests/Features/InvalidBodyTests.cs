using System.Text;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Tests.Features;

public sealed class InvalidBodyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("\"SECRET-sk-123\"")]
    [InlineData("{")]
    [InlineData("{\"model\":\"SECRET-sk-123")]
    [InlineData("{\"model\":SECRET-sk-123}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"SECRET-sk-123\"},]}")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":1} SECRET-sk-123")]
    [InlineData("{/* SECRET-sk-123 */}")]
    [InlineData("{'model':'SECRET-sk-123'}")]
    public void Extract_NotOneJsonObject_ThrowsWithoutEchoingTheBody(string body)
    {
        foreach (var protocol in Enum.GetValues<ClientProtocol>())
        {
            var error = Assert.Throws<InvalidRequestBodyException>(() => RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(body), protocol));

            Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-", error.Message, StringComparison.Ordinal);
            Assert.Null(error.InnerException);
            Assert.IsAssignableFrom<FormatException>(error);
        }
    }

    [Fact]
    public void Extract_InvalidUtf8InAString_Throws()
    {
        byte[] body = [.. "{\"model\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Throws<InvalidRequestBodyException>(() => RequestFeatureExtractor.Extract(body, ClientProtocol.AnthropicMessages));
    }

    [Fact]
    public void Extract_NestingBeyondTheBound_Throws()
    {
        var tooDeep = "{\"x\":" + new string('[', RequestFeatureExtractor.MaxDepth) + new string(']', RequestFeatureExtractor.MaxDepth) + "}";
        var deepest = "{\"x\":" + new string('[', RequestFeatureExtractor.MaxDepth - 1) + new string(']', RequestFeatureExtractor.MaxDepth - 1) + "}";

        Assert.Throws<InvalidRequestBodyException>(() => RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(tooDeep), ClientProtocol.AnthropicMessages));
        Assert.Equal(0, RequestFeatureExtractor.Extract(Encoding.UTF8.GetBytes(deepest), ClientProtocol.AnthropicMessages).MessageCount);
    }

    [Fact]
    public void Extract_DeeplyNestedContent_IsBoundedAndStillCounted()
    {
        // Tool results nested far deeper than any client sends: the scan skips past the bound instead of recursing.
        var nested = "\"deep\"";
        for (var i = 0; i < 50; i++)
        {
            nested = $"[{{\"type\":\"tool_result\",\"content\":{nested}}}]";
        }

        var features = RequestFeatureExtractor.Extract(
            Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":{{nested}}}]}"""),
            ClientProtocol.AnthropicMessages);

        Assert.Equal(1, features.MessageCount);
        Assert.Equal(0, features.PromptChars);
    }

    [Fact]
    public void Extract_TrailingWhitespace_IsAccepted() =>
        Assert.Equal("m", RequestFeatureExtractor.Extract("{\"model\":\"m\"} \r\n\t"u8, ClientProtocol.OpenAIChat).Model);
}
