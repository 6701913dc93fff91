using System.Net;
using System.Text;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// Bodies and methods a client can send with curl or a raw socket: each gets a bounded answer in the client's
/// protocol (400, 405, 413), never a 500 from the server's own limits.
/// </summary>
public sealed class HostileBodyTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        var config = Configs.Gateway([Instance("a", _mock)], Route("m", Target("a", "mock-large") with { Params = new Routing.TargetParams { MaxTokensMax = 1000 } }));
        _gateway = await TestGateway.StartAsync(config with { Limits = GatewayLimits.Default with { MaxRequestBodyBytes = 40L * 1024 * 1024 } });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task ABodyOver30MB_ButUnderTheConfiguredLimit_IsRead_NotRefusedByTheServer()
    {
        var padding = new string('x', 31_000_000);
        using var response = await _gateway.Client.SendAsync(Requests.Chat("no-such-model", padding));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task JsonNested100Levels_InAToolSchema_IsAccepted()
    {
        var schema = string.Concat(Enumerable.Repeat("{\"type\":\"object\",\"properties\":{\"p\":", 50)) + "{\"type\":\"string\"}" + new string('}', 100);
        var json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + schema + "}}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        using var response = await _gateway.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("1.5")]
    [InlineData("true")]
    public async Task AMaxTokensThatIsNotAWholeNumber_Gets400(string value)
    {
        var json = "{\"model\":\"m\",\"max_tokens\":" + value + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_tokens", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _mock.Counters.Total);
    }

    [Theory]
    [InlineData("TRACE")]
    [InlineData("OPTIONS")]
    public async Task UnsupportedMethodsOnAnEndpoint_Get405_WithAllow(string method)
    {
        using var response = await _gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/messages"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
