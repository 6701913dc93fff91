using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>With gateway keys configured, inference needs one (Bearer or x-api-key), and the client's key never goes upstream.</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private const string GatewayKey = "fg-gateway-key-canary-0451";
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        var config = Gateway([Instance("a", _mock)], Route("m", Target("a", "mock-large")));
        _gateway = await TestGateway.StartAsync(config with { ApiKeys = [new Secret(GatewayKey, "test")] });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task AWrongKey_Is401InTheClientsProtocol()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Messages("m"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("authentication_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_mock.Requests);
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("x-api-key")]
    public async Task TheGatewayKey_IsAccepted_AndReplacedUpstream(string header)
    {
        using var request = Requests.Chat("m");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(header, header == "authorization" ? "Bearer " + GatewayKey : GatewayKey);

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _mock.LastRequest!;
        Assert.Equal("Bearer " + UpstreamKey, seen.Header("authorization"));
        Assert.DoesNotContain(seen.Headers.Values, v => v.Contains(GatewayKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_gateway.Logs.Lines, l => l.Contains(GatewayKey, StringComparison.Ordinal));
    }
}
