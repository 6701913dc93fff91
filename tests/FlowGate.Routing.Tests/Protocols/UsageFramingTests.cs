using System.Text;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>A translated stream's usage report follows the client's request: a Chat client gets its usage chunk only when it asked.</summary>
public sealed class UsageFramingTests
{
    private const string AnthropicStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_u1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":0}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Theory]
    [InlineData("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""", false)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"hi"}]}""", false)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", true)]
    public void ChatClient_GetsAUsageChunk_OnlyWhenItAskedForOne(string request, bool expected)
    {
        var (_, context) = ProtocolTranslator.TranslateRequest(Encoding.UTF8.GetBytes(request), ClientProtocol.OpenAIChat, ClientProtocol.AnthropicMessages);
        Assert.Equal(expected, context.IncludeUsage);

        var events = StreamHarness.Parse(StreamHarness.Translate(context, Encoding.UTF8.GetBytes(AnthropicStream)));

        Assert.Equal("[DONE]", events[^1].Data);
        var usageChunks = events.Where(e => e.Data.Contains("\"usage\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected ? 1 : 0, usageChunks.Count);
        if (expected)
        {
            Assert.Equal(12, usageChunks[0].Json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        }
    }

    [Theory]
    [InlineData(ClientProtocol.AnthropicMessages)]
    [InlineData(ClientProtocol.OpenAIResponses)]
    public void OtherClients_AlwaysGetUsage(ClientProtocol client)
    {
        var body = client == ClientProtocol.AnthropicMessages
            ? """{"model":"m","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""
            : """{"model":"m","stream":true,"input":"hi"}""";
        var (_, context) = ProtocolTranslator.TranslateRequest(Encoding.UTF8.GetBytes(body), client, ClientProtocol.OpenAIChat);

        Assert.True(context.IncludeUsage);
    }
}
