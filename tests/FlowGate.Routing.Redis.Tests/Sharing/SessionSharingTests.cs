using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Redis.Tests.Support;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.Redis.Tests.Sharing;

/// <summary>Sticky sessions and signature affinity hold when a load balancer spreads a session over replicas.</summary>
public sealed class SessionSharingTests
{
    private const string SessionHeader = "x-claude-code-session-id";

    [Fact]
    public async Task ASessionsRequests_SpreadOverThreeReplicas_AllLandOnOneTarget()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        // Four equal targets: without shared bindings each replica would pick its own for a session.
        var config = Configs.Gateway([Instance("a", mock)], Route("r", Target("a", "mock-large"), Target("a", "mock-small"), Target("a", "claude-mock-sonnet"), Target("a", "gpt-mock")));
        var replicas = await Replica.StartManyAsync(3, config, redis.Configuration);
        try
        {
            foreach (var session in (string[])["session-one", "session-two", "session-three"])
            {
                var before = mock.Requests.Count;
                await SendAsync(replicas[0], Requests.Messages("r"), session);
                foreach (var other in replicas[1..])
                {
                    await Eventually.TrueAsync(() => other.State.Sticky.Current.Lookup(session, "r", DateTimeOffset.UtcNow) is not null, "the binding reached another replica");
                }

                for (var i = 1; i <= 8; i++)
                {
                    await SendAsync(replicas[i % 3], Requests.Messages("r"), session);
                }

                var models = mock.Requests.Skip(before).Select(Model).ToList();
                Assert.Equal(9, models.Count);
                Assert.Single(models.Distinct());
            }
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    [Fact]
    public async Task ASignedThinkingBlock_ThroughAnotherReplica_GoesToTheTargetThatSignedIt()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (redis is null)
        {
            return;
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        // The session is served on "solo" by mock-small; "pair" would send a signed request with no known signer to its
        // heaviest target, mock-large.
        var config = Configs.Gateway(
            [Instance("a", mock)],
            Route("solo", Target("a", "mock-small")),
            Route("pair", Target("a", "mock-large", weight: 5), Target("a", "mock-small", weight: 1)));
        var replicas = await Replica.StartManyAsync(3, config, redis.Configuration);
        try
        {
            const string session = "signed-session";
            await SendAsync(replicas[0], Requests.Messages("solo"), session);
            await Eventually.TrueAsync(() => replicas[1].State.Sticky.Current.LatestForSession(session, DateTimeOffset.UtcNow) is not null, "the session's signer reached another replica");

            var before = mock.Requests.Count;
            await SendAsync(replicas[1], SignedTurn("pair"), session);

            // Every attempt (the mock may refuse the made-up signature, and the retry without thinking stays on the signer).
            var models = mock.Requests.Skip(before).Select(Model).ToList();
            Assert.NotEmpty(models);
            Assert.All(models, m => Assert.Equal("mock-small", m));
        }
        finally
        {
            await Replicas.DisposeAllAsync(replicas);
        }
    }

    private static async Task SendAsync(Replica replica, HttpRequestMessage request, string session)
    {
        request.Headers.Add(SessionHeader, session);
        using var response = await replica.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string? Model(ReceivedRequest request) => JsonNode.Parse(request.Body.Span)?["model"]?.GetValue<string>();

    /// <summary>A Messages request whose history carries a signed thinking block (as Claude Code sends after a thinking turn).</summary>
    private static HttpRequestMessage SignedTurn(string model)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 1024,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "first" },
                new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "thinking", ["thinking"] = "considering", ["signature"] = "c2lnbmVkLWJ5LW1vY2stc21hbGw=" },
                        new JsonObject { ["type"] = "text", ["text"] = "answer" }),
                },
                new JsonObject { ["role"] = "user", ["content"] = "next" }),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
