using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Tests.Support;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// Translated answers never share an id: Claude Code merges consecutive assistant turns with one id, so an upstream
/// that omits its id (or repeats it) must not give two answers the same message or item id.
/// </summary>
public sealed class AnswerIdTests
{
    private const string ChatWithoutId =
        """{"object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    private const string ChatWithFixedId =
        """{"id":"chatcmpl-same","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    private const string ChatStreamWithoutId =
        "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n";

    [Theory]
    [InlineData(ChatWithoutId)]
    [InlineData(ChatWithFixedId)]
    public async Task WholeAnswers_FromAnUpstreamWithoutFreshIds_GetDistinctMessageIds(string answer)
    {
        await using var upstream = await CannedUpstream.StartAsync("application/json", answer);
        await using var gateway = await TestGateway.StartAsync(Gateway([Chat(upstream)], Route("m", Target("chat", "gpt-mock"))));

        var first = await IdOf(gateway, Requests.Messages("m", "one"), "id");
        var second = await IdOf(gateway, Requests.Messages("m", "two"), "id");
        var item1 = await IdOf(gateway, Requests.Responses("m", "one"), "output");
        var item2 = await IdOf(gateway, Requests.Responses("m", "two"), "output");

        Assert.StartsWith("msg_", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.StartsWith("msg_", item1, StringComparison.Ordinal);
        Assert.NotEqual(item1, item2);
    }

    [Fact]
    public async Task StreamedAnswers_FromAnUpstreamWithoutIds_GetDistinctMessageIds()
    {
        await using var upstream = await CannedUpstream.StartAsync("text/event-stream", ChatStreamWithoutId);
        await using var gateway = await TestGateway.StartAsync(Gateway([Chat(upstream)], Route("m", Target("chat", "gpt-mock"))));

        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await gateway.Client.SendAsync(Requests.Messages("m", "stream", stream: true));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var start = Sse.Parse(await response.Content.ReadAsStringAsync()).First(e => e.Event == "message_start");
            using var json = JsonDocument.Parse(start.Data);
            ids.Add(json.RootElement.GetProperty("message").GetProperty("id").GetString()!);
        }

        Assert.NotEqual(ids[0], ids[1]);
    }

    private static UpstreamConfig Chat(CannedUpstream upstream) =>
        new() { Name = "chat", Protocol = UpstreamProtocol.OpenAIChat, BaseUrl = new Uri(upstream.Address, "v1"), ApiKey = new Secret(UpstreamKey, "test") };

    private static async Task<string> IdOf(TestGateway gateway, HttpRequestMessage request, string property)
    {
        using (request)
        {
            using var response = await gateway.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            var value = json.RootElement.GetProperty(property);
            return (value.ValueKind == JsonValueKind.Array ? value[0].GetProperty("id") : value).GetString()!;
        }
    }
}
