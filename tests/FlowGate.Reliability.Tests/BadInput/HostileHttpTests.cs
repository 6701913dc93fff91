using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// Hostile input at the HTTP level: hostile bodies, headers and model names get a clear protocol error, and no request field
/// can pick the upstream's host, resolve a secret or reach anything but a configured upstream.
/// </summary>
public sealed class HostileHttpTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(Configs.Gateway([Instance("a", _mock)], Route("m", Target("a", "mock-large"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    public static TheoryData<string, byte[]> HostileBodies => new()
    {
        { "deep JSON", Encoding.UTF8.GetBytes("{\"model\":\"m\",\"messages\":" + new string('[', 10_000) + new string(']', 10_000) + "}") },
        { "invalid UTF-8", [.. "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}]}"u8] },
        { "a duplicated model (request smuggling)", Encoding.UTF8.GetBytes("{\"model\":\"m\",\"model\":\"m\",\"messages\":[]}") },
        { "not an object", Encoding.UTF8.GetBytes("\"m\"") },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task HostileBodies_Get400InTheClientsProtocol_AndReachNoUpstream(string what, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _gateway.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_mock.Requests);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("http://evil.example/v1/messages")]
    [InlineData("%2F..%2Fadmin")]
    [InlineData("m/../../admin")]
    [InlineData("m\r\nHost: evil.example")]
    public async Task ModelNamesWithPathOrUrlTricks_AreUnknownModels(string model)
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat(model));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_mock.Requests);
    }

    [Fact]
    public async Task AVeryLongModelName_IsRefused_WithTheNameCut()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat(new string('m', 100_000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 2_000);
    }

    [Fact]
    public async Task ClientHeaders_CannotPickTheUpstreamsHost_OrItsCredential()
    {
        using var request = Requests.Chat("m");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("Forwarded", "host=evil.example");
        request.Headers.TryAddWithoutValidation("x-api-key", "client-key");
        request.Headers.Host = "evil.example";

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _mock.LastRequest!;
        Assert.Equal($"127.0.0.1:{_mock.Port}", seen.Header("host"));
        Assert.Equal("Bearer " + UpstreamKey, seen.Header("authorization"));
        Assert.Null(seen.Header("x-api-key"));
    }

    [Fact]
    public async Task SecretReferencesInARequest_StayLiteral()
    {
        Environment.SetEnvironmentVariable("FLOWGATE_TEST_CANARY_VAR", "resolved-canary-value");
        using var response = await _gateway.Client.SendAsync(Requests.Chat("m", "os.environ/FLOWGATE_TEST_CANARY_VAR ${FLOWGATE_TEST_CANARY_VAR}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = _mock.LastRequest!.BodyText;
        Assert.Contains("os.environ/FLOWGATE_TEST_CANARY_VAR ${FLOWGATE_TEST_CANARY_VAR}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("resolved-canary-value", body + await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHeaderWithABareCarriageReturn_IsRefusedByTheServer_AndReachesNoUpstream()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _gateway.BaseUrl.Port);
        var stream = socket.GetStream();
        var body = "{\"model\":\"m\",\"messages\":[]}";
        var raw = $"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Injected: a\rInjected: b\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));

        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Empty(_mock.Requests);
    }
}
