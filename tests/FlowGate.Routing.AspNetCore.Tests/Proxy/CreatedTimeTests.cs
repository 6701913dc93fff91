using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// An Anthropic answer (which has no creation time) translated for an OpenAI client carries the gateway's clock as
/// <c>created</c> / <c>created_at</c>, not 0: OpenAI clients show and sort answers by it.
/// </summary>
public sealed class CreatedTimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 15, TimeSpan.Zero));
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(EveryProtocol(_mock), s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task ChatClient_AnthropicUpstream_WholeAndStreamed_CarryTheGatewaysClock()
    {
        using var whole = JsonDocument.Parse(await BodyAsync(Requests.Chat("to-anthropic")));
        Assert.Equal(Now, whole.RootElement.GetProperty("created").GetInt64());

        var chunks = Json(await BodyAsync(Requests.Chat("to-anthropic", stream: true)));
        Assert.NotEmpty(chunks);
        Assert.All(chunks, chunk => Assert.Equal(Now, chunk.GetProperty("created").GetInt64()));
    }

    [Fact]
    public async Task ResponsesClient_AnthropicUpstream_WholeAndStreamed_CarryTheGatewaysClock()
    {
        using var whole = JsonDocument.Parse(await BodyAsync(Requests.Responses("to-anthropic")));
        Assert.Equal(Now, whole.RootElement.GetProperty("created_at").GetInt64());

        var responses = Json(await BodyAsync(Requests.Responses("to-anthropic", stream: true)))
            .Where(e => e.TryGetProperty("response", out _)).Select(e => e.GetProperty("response")).ToList();
        Assert.NotEmpty(responses);
        Assert.All(responses, response => Assert.Equal(Now, response.GetProperty("created_at").GetInt64()));
    }

    private static List<JsonElement> Json(string sse) =>
        [.. Sse.Parse(sse).Where(e => e.Data != "[DONE]").Select(e =>
        {
            using var document = JsonDocument.Parse(e.Data);
            return document.RootElement.Clone();
        })];

    private async Task<string> BodyAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _gateway.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return body;
        }
    }
}
