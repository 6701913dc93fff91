using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Bad requests get a clear error in the client's own protocol, with the right status, and reach no upstream.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        var config = Gateway([Instance("a", _mock)], Route("router-default", Target("a", "mock-large")));
        _gateway = await TestGateway.StartAsync(config with { Limits = GatewayLimits.Default with { MaxRequestBodyBytes = 64 * 1024 } });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    public static TheoryData<string, string, HttpStatusCode, string> Cases => new()
    {
        { "/v1/messages", "{not json", HttpStatusCode.BadRequest, "invalid_request_error" },
        { "/v1/chat/completions", "{not json", HttpStatusCode.BadRequest, "invalid_request_error" },
        { "/v1/responses", "[1,2,3]", HttpStatusCode.BadRequest, "invalid_request_error" },
        { "/v1/messages", "{\"messages\":[]}", HttpStatusCode.BadRequest, "invalid_request_error" },
        { "/v1/chat/completions", "{\"messages\":[]}", HttpStatusCode.BadRequest, "invalid_request_error" },
        { "/v1/messages", "{\"model\":\"router-defualt\",\"messages\":[]}", HttpStatusCode.NotFound, "not_found_error" },
        { "/v1/chat/completions", "{\"model\":\"router-defualt\",\"messages\":[]}", HttpStatusCode.NotFound, "not_found_error" },
        { "/v1/messages", "{\"model\":\"" + new string('x', 70_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "request_too_large" },
        { "/v1/responses", "{\"model\":\"" + new string('x', 70_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "invalid_request_error" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadBodies_AreAnsweredInTheProtocolOfTheEndpoint(string path, string body, HttpStatusCode status, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = path.StartsWith("/v1/messages", StringComparison.Ordinal) ? AnthropicError(json) : json.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.DoesNotContain("   at ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_mock.Requests);
    }

    [Fact]
    public async Task AnUnknownModel_NamesTheClosestKnownOne()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat("router-defualt"));

        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Contains("router-default", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheWrongMethod_Is405()
    {
        using var response = await _gateway.Client.GetAsync("/v1/chat/completions");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("invalid_request_error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ANonJsonBody_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent("model=x", Encoding.UTF8, "application/x-www-form-urlencoded") };

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private static JsonElement AnthropicError(JsonElement json)
    {
        Assert.Equal("error", json.GetProperty("type").GetString());
        return json.GetProperty("error");
    }
}
