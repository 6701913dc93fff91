using System.Net;
using System.Net.Sockets;
using System.Text;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Http;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy.Headers;

/// <summary>Headers pass through allowlists both ways: the upstream's internals never reach the client, a client's smuggled line never reaches the upstream.</summary>
public sealed class HeaderHygieneTests
{
    private const string ChatAnswer =
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    [Theory]
    [InlineData("chat")]
    [InlineData("messages")]
    public async Task UpstreamCookiesChallengesServerAndInternalHeaders_NeverReachTheClient(string client)
    {
        await using var upstream = await CannedUpstream.StartAsync("application/json", ChatAnswer, HostileHeaders);
        await using var gateway = await TestGateway.StartAsync(Gateway(
            [new UpstreamConfig { Name = "hostile", Protocol = UpstreamProtocol.OpenAIChat, BaseUrl = new Uri(upstream.Address, "v1"), ApiKey = new Secret(UpstreamKey, "test") }],
            Route("m", Target("hostile", "gpt-mock"))));

        using var response = await gateway.Client.SendAsync(client == "chat" ? Requests.Chat("m", "hi") : Requests.Messages("m", "hi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).Select(n => n.ToLowerInvariant()).ToList();
        foreach (var banned in new[] { "set-cookie", "www-authenticate", "x-internal-trace", "x-powered-by", "x-envoy-upstream-service-time", "openai-organization" })
        {
            Assert.DoesNotContain(banned, names);
        }

        Assert.DoesNotContain("hostile-upstream", response.Headers.Server.ToString(), StringComparison.Ordinal);
        Assert.Equal("m", response.Headers.GetValues("x-flowgate-route").Single());
        Assert.Equal("7", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("req_upstream_1", response.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task AHeaderLineEndingInABareLineFeed_IsNeverForwardedUpstream()
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Gateway([Anthropic("anthropic", mock)], Route("m", Target("anthropic", "claude-mock-sonnet"))));
        const string body = """{"model":"m","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""";
        var head = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\n"
            + "x-api-key: client-key\r\nx-custom-tag: innocent\nanthropic-beta: smuggled-beta\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n";

        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, gateway.BaseUrl.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head + body));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(mock.Requests, r => r.Headers.Values.Any(v => v.Contains("smuggled", StringComparison.Ordinal)));
    }

    private static void HostileHeaders(IHeaderDictionary headers)
    {
        headers.SetCookie = "upstream_session=secret-session; HttpOnly";
        headers.WWWAuthenticate = "Bearer realm=\"upstream\"";
        headers.Server = "hostile-upstream/1.0";
        headers["X-Powered-By"] = "internal-stack";
        headers["X-Internal-Trace"] = "10.0.3.7:8443";
        headers["x-envoy-upstream-service-time"] = "12";
        headers["openai-organization"] = "upstream-account";
        headers["x-flowgate-route"] = "forged";
        headers["x-ratelimit-remaining-requests"] = "7";
        headers["x-request-id"] = "req_upstream_1";
    }
}
