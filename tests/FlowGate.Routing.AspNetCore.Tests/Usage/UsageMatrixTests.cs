using System.Net;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using PrometheusFormat = FlowGate.Routing.AspNetCore.Tests.Support.PrometheusFormat;
using FlowGate.Routing.Usage;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>
/// Every client protocol against every upstream protocol, whole and streamed, through real Kestrel: the tokens the
/// gateway records (in <c>flowgate_tokens_total</c> and in the usage ledger) are the ones the mock reported.
/// </summary>
public sealed class UsageMatrixTests : IAsyncLifetime
{
    // input, output, cache read, cache write, reasoning: distinct so a swapped kind shows.
    private const string MockUsage = "11,7,5,3,2";

    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<string, string, bool> Cells => EveryProtocolPair();

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(EveryProtocol(_mock));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task TheTokensRecorded_AreTheOnesTheUpstreamReported(string client, string upstream, bool stream)
    {
        using var request = Request(client, "to-" + upstream, stream);
        request.Headers.Add(MockHeaders.Usage, MockUsage);

        using var response = await _gateway.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        // Anthropic reports cache writes and no reasoning count; OpenAI reports reasoning and no cache writes.
        var expected = upstream == "anthropic" ? new TokenUsage(11, 7, 5, 3, 0) : new TokenUsage(11, 7, 5, 0, 2);
        var row = Assert.Single(await UsageWait.RequestsAsync(_gateway, 1));
        Assert.Equal(("to-" + upstream, "up-" + upstream, 1L, expected), (row.Route, row.Upstream, row.Requests, row.Tokens));
        Assert.Equal("-", row.Key);

        var metrics = await _gateway.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var series = $"flowgate_tokens_total{{route=\"to-{upstream}\",upstream=\"up-{upstream}\",kind=";
        Assert.Equal(expected.Input, PrometheusFormat.Value(metrics, series + "\"input\"}"));
        Assert.Equal(expected.Output, PrometheusFormat.Value(metrics, series + "\"output\"}"));
        Assert.Equal(expected.CacheRead, PrometheusFormat.Value(metrics, series + "\"cache_read\"}"));
        Assert.Equal(expected.CacheWrite == 0 ? null : expected.CacheWrite, PrometheusFormat.Value(metrics, series + "\"cache_write\"}"));
        Assert.Equal(expected.Reasoning == 0 ? null : expected.Reasoning, PrometheusFormat.Value(metrics, series + "\"reasoning\"}"));
    }

    [Fact]
    public async Task AChatStreamThatAskedForNoUsage_IsCountedAsARequest_WithoutTokens()
    {
        // Pass-through Chat streams carry usage only when the client asks (stream_options.include_usage); FlowGate
        // does not change what the client asked for.
        using var request = Requests.Chat("to-chat", "no usage please", stream: true);
        request.Headers.Add(MockHeaders.Usage, MockUsage);

        using var response = await _gateway.Client.SendAsync(request);
        _ = await response.Content.ReadAsStringAsync();

        var row = Assert.Single(await UsageWait.RequestsAsync(_gateway, 1));
        Assert.Equal((1L, default(TokenUsage)), (row.Requests, row.Tokens));
    }

    private static HttpRequestMessage Request(string client, string model, bool stream)
    {
        var request = client switch
        {
            "anthropic" => Requests.Messages(model, "usage please", stream),
            "chat" => Requests.Chat(model, "usage please", stream),
            _ => Requests.Responses(model, "usage please", stream),
        };
        if (client == "chat" && stream)
        {
            // A Chat client asks for its usage chunk.
            var body = JsonNode.Parse(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult())!;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}
