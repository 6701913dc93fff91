using System.Text;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Tests.Usage;

public sealed class UsageReaderTests
{
    [Fact]
    public void AnthropicAnswer_CountsEveryKind()
    {
        var body = """{"id":"msg_1","type":"message","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":11,"cache_creation_input_tokens":3,"cache_read_input_tokens":5,"output_tokens":7}}"""u8;

        Assert.Equal(new TokenUsage(11, 7, 5, 3, 0), UsageReader.FromAnswer(body, ClientProtocol.AnthropicMessages));
    }

    [Fact]
    public void ChatAnswer_TakesTheCachedTokensOutOfTheInput()
    {
        var body = """{"choices":[],"usage":{"prompt_tokens":16,"completion_tokens":7,"total_tokens":23,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":2}}}"""u8;

        Assert.Equal(new TokenUsage(11, 7, 5, 0, 2), UsageReader.FromAnswer(body, ClientProtocol.OpenAIChat));
    }

    [Fact]
    public void ResponsesAnswer_IsRead()
    {
        var body = """{"id":"resp_1","output":[],"usage":{"input_tokens":16,"input_tokens_details":{"cached_tokens":5},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":23}}"""u8;

        Assert.Equal(new TokenUsage(11, 7, 5, 0, 2), UsageReader.FromAnswer(body, ClientProtocol.OpenAIResponses));
    }

    [Fact]
    public void AnAnswerWithoutUsage_OrNotJson_HasNone()
    {
        Assert.Null(UsageReader.FromAnswer("""{"choices":[]}"""u8, ClientProtocol.OpenAIChat));
        Assert.Null(UsageReader.FromAnswer("<html>usage</html>"u8, ClientProtocol.OpenAIChat));
        Assert.Null(UsageReader.FromAnswer("""{"usage":null}"""u8, ClientProtocol.OpenAIChat));
    }

    [Fact]
    public void UsageNestedInTheModelsOwnContent_IsNotTaken()
    {
        // A tool call's input may be any object, including one with a "usage" key.
        var body = """{"content":[{"type":"tool_use","input":{"usage":{"input_tokens":999}}}],"usage":{"input_tokens":4,"output_tokens":2}}"""u8;

        Assert.Equal(new TokenUsage(4, 2), UsageReader.FromAnswer(body, ClientProtocol.AnthropicMessages));
    }

    [Fact]
    public void AnthropicStream_MergesTheStartAndTheFinalDelta()
    {
        var meter = new StreamUsageMeter(ClientProtocol.AnthropicMessages);
        meter.Observe(Bytes("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":11,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}\n\n"));
        meter.Observe(Bytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"the \\\"usage\\\" of words\"}}\n\n"));
        meter.Observe(Bytes("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}\n\n"));

        Assert.True(meter.Reported);
        Assert.Equal(new TokenUsage(11, 7, 5, 3, 0), meter.Usage);
    }

    [Fact]
    public void ResponsesStream_ReadsTheCompletedResponse()
    {
        var meter = new StreamUsageMeter(ClientProtocol.OpenAIResponses);
        meter.Observe(Bytes("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"usage\":null}}\n\n"));
        Assert.False(meter.Reported);
        meter.Observe(Bytes("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"usage\":{\"input_tokens\":16,\"input_tokens_details\":{\"cached_tokens\":5},\"output_tokens\":7,\"output_tokens_details\":{\"reasoning_tokens\":2}}}}\n\n"));

        Assert.Equal(new TokenUsage(11, 7, 5, 0, 2), meter.Usage);
    }

    [Fact]
    public void ObservingTextEvents_AllocatesNothing()
    {
        var meter = new StreamUsageMeter(ClientProtocol.OpenAIChat);
        var text = Bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello there\"}}]}\n\n");
        var usage = Bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\n\n");
        meter.Observe(text);
        meter.Observe(usage);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            meter.Observe(text);
            meter.Observe(usage);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(new TokenUsage(3, 4), meter.Usage);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
