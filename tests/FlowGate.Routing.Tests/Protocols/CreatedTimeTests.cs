using System.Text.Json;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// An OpenAI answer's creation time (<c>created</c>, <c>created_at</c>): the upstream's when it gave one, else the
/// host's clock; Anthropic Messages has none, and OpenAI clients show and sort answers by it, so 0 would date them 1970.
/// </summary>
public sealed class CreatedTimeTests
{
    private const long Clock = 1_765_000_123;
    private const long UpstreamCreated = 1_700_000_000;

    [Fact]
    public void WholeChatAnswer_FromAnthropic_CarriesTheHostsClock()
    {
        var body = Whole(ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIChat, "anthropic-message.json");

        Assert.Equal(Clock, body.GetProperty("created").GetInt64());
    }

    [Fact]
    public void WholeResponsesAnswer_FromAnthropic_CarriesTheHostsClock()
    {
        var body = Whole(ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIResponses, "anthropic-message.json");

        Assert.Equal(Clock, body.GetProperty("created_at").GetInt64());
    }

    [Fact]
    public void ChatStream_FromAnthropic_CarriesTheHostsClockInEveryChunk()
    {
        var chunks = Events(ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIChat, "anthropic-stream.sse");

        Assert.NotEmpty(chunks);
        Assert.All(chunks, chunk => Assert.Equal(Clock, chunk.GetProperty("created").GetInt64()));
    }

    [Fact]
    public void ResponsesStream_FromAnthropic_CarriesTheHostsClockInEveryResponseObject()
    {
        var responses = ResponseObjects(Events(ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIResponses, "anthropic-stream.sse"));

        Assert.Equal(3, responses.Count); // response.created, response.in_progress and response.completed
        Assert.All(responses, response => Assert.Equal(Clock, response.GetProperty("created_at").GetInt64()));
    }

    [Theory]
    [InlineData(ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses, "chat-completion.json", "created_at")]
    [InlineData(ClientProtocol.OpenAIResponses, ClientProtocol.OpenAIChat, "responses-response.json", "created")]
    public void WholeAnswer_FromAnOpenAIUpstream_KeepsTheUpstreamsTime(ClientProtocol upstream, ClientProtocol client, string fixture, string field)
    {
        Assert.Equal(UpstreamCreated, Whole(upstream, client, fixture).GetProperty(field).GetInt64());
    }

    [Fact]
    public void ResponsesStream_FromChat_KeepsTheUpstreamsTime()
    {
        var responses = ResponseObjects(Events(ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses, "chat-stream.sse"));

        Assert.NotEmpty(responses);
        Assert.All(responses, response => Assert.Equal(UpstreamCreated, response.GetProperty("created_at").GetInt64()));
    }

    [Fact]
    public void ChatStream_FromResponses_KeepsTheUpstreamsTime()
    {
        var chunks = Events(ClientProtocol.OpenAIResponses, ClientProtocol.OpenAIChat, "responses-stream.sse");

        Assert.NotEmpty(chunks);
        Assert.All(chunks, chunk => Assert.Equal(UpstreamCreated, chunk.GetProperty("created").GetInt64()));
    }

    [Fact]
    public void ChatStream_FromAChatUpstreamWithoutATime_CarriesTheHostsClock()
    {
        var upstream = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"u8.ToArray();

        var output = StreamHarness.Translate(Context(ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses, stream: true), upstream);

        var responses = ResponseObjects(Json(output));
        Assert.NotEmpty(responses);
        Assert.All(responses, response => Assert.Equal(Clock, response.GetProperty("created_at").GetInt64()));
    }

    private static TranslationContext Context(ClientProtocol upstream, ClientProtocol client, bool stream) =>
        StreamHarness.Context(upstream, client, stream) with { CreatedAt = Clock };

    private static JsonElement Whole(ClientProtocol upstream, ClientProtocol client, string fixture)
    {
        var output = ProtocolTranslator.TranslateResponse(GoldenTests.Fixture(fixture), Context(upstream, client, stream: false));
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static List<JsonElement> Events(ClientProtocol upstream, ClientProtocol client, string fixture) =>
        Json(StreamHarness.Translate(Context(upstream, client, stream: true), GoldenTests.Fixture(fixture)));

    /// <summary>The JSON data of each SSE event (the Chat terminator <c>[DONE]</c> left out).</summary>
    private static List<JsonElement> Json(byte[] sse) =>
        [.. StreamHarness.Parse(sse).Where(e => e.Data != "[DONE]").Select(e =>
        {
            using var document = JsonDocument.Parse(e.Data);
            return document.RootElement.Clone();
        })];

    private static List<JsonElement> ResponseObjects(List<JsonElement> events) =>
        [.. events.Where(e => e.TryGetProperty("response", out _)).Select(e => e.GetProperty("response"))];
}
