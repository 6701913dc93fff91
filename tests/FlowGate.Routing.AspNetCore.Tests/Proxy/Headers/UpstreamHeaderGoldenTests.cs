using System.Net;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.TestUtils;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy.Headers;

/// <summary>
/// The exact header set FlowGate sends upstream for the real Claude Code and Codex requests, per upstream protocol:
/// a vendor's headers reach only that vendor's upstreams, <c>anthropic-version</c> is on every Messages request, and the
/// client's key is replaced by the upstream's. The strict mock accepting the translated bodies is part of the proof.
/// </summary>
public sealed class UpstreamHeaderGoldenTests : IAsyncLifetime
{
    // What HttpClient adds to every request, whatever the client sent.
    private static readonly string[] Transport = ["accept-encoding", "content-length", "content-type", "host"];

    private static readonly string[] Stainless =
    [
        "x-stainless-arch", "x-stainless-lang", "x-stainless-os", "x-stainless-package-version", "x-stainless-retry-count",
        "x-stainless-runtime", "x-stainless-runtime-version", "x-stainless-timeout",
    ];

    private static readonly string[] CodexOwn =
        ["originator", "session-id", "thread-id", "x-client-request-id", "x-codex-beta-features", "x-codex-turn-metadata", "x-codex-window-id"];

    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            ClientFixtures.ClaudeCode, "to-anthropic",
            ["accept", "anthropic-beta", "anthropic-dangerous-direct-browser-access", "anthropic-version", "user-agent", "x-api-key", "x-app",
                "x-claude-code-session-id", .. Stainless]
        },
        { ClientFixtures.ClaudeCode, "to-chat", ["accept", "authorization", "user-agent"] },
        { ClientFixtures.ClaudeCode, "to-responses", ["accept", "authorization", "user-agent"] },
        { ClientFixtures.Codex, "to-responses", ["accept", "authorization", "user-agent", .. CodexOwn] },
        { ClientFixtures.Codex, "to-chat", ["accept", "authorization", "user-agent", .. CodexOwn] },
        { ClientFixtures.Codex, "to-anthropic", ["accept", "anthropic-version", "user-agent", "x-api-key"] },
    };

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(Gateway(
            [Anthropic("anthropic", _mock), ChatOnly("chat", _mock), ResponsesOnly("responses", _mock)],
            Route("to-anthropic", Target("anthropic", "claude-mock-sonnet")),
            Route("to-chat", Target("chat", "gpt-mock")),
            Route("to-responses", Target("responses", "gpt-mock"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RealClientRequest_ReachesTheUpstreamWithExactlyTheAllowedHeaders(string fixture, string route, string[] expected)
    {
        using var response = await _gateway.Client.SendAsync(FixtureRequest(fixture, route));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var seen = Assert.Single(_mock.Requests);
        Assert.Null(seen.StrictViolation);
        string[] want = [.. expected.Concat(Transport).Order(StringComparer.Ordinal)];
        string[] got = [.. seen.Headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal)];
        Assert.Equal(want, got);
        Assert.Equal("identity", seen.Header("accept-encoding"));
        if (route == "to-anthropic")
        {
            Assert.Equal("2023-06-01", seen.Header("anthropic-version"));
            Assert.Equal(UpstreamKey, seen.Header("x-api-key"));
        }
        else
        {
            Assert.Equal("Bearer " + UpstreamKey, seen.Header("authorization"));
        }
    }

    /// <summary>The captured request as the client sent it (its headers, its body), with the model naming a route.</summary>
    private static HttpRequestMessage FixtureRequest(string fixture, string route)
    {
        var body = JsonNode.Parse(ClientFixtures.Body(fixture))!.AsObject();
        body["model"] = route;
        var path = fixture == ClientFixtures.ClaudeCode ? "/v1/messages?beta=true" : "/v1/responses";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in ClientFixtures.Headers(fixture))
        {
            if (name is "Host" or "host" or "Content-Length" or "content-length" or "Content-Type" or "content-type")
            {
                continue;
            }

            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
