using FlowGate.MockUpstream;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Routing configs over mock upstreams, small enough to read in a test.</summary>
internal static class Configs
{
    public const string UpstreamKey = "sk-upstream-canary-7f3a9c";

    public static UpstreamConfig Instance(string name, MockUpstreamServer mock) =>
        new() { Name = name, Protocol = UpstreamProtocol.Instance, BaseUrl = mock.BaseUrl, ApiKey = new Secret(UpstreamKey, "test") };

    public static UpstreamConfig OpenAI(string name, MockUpstreamServer mock) =>
        new() { Name = name, Protocol = UpstreamProtocol.OpenAI, BaseUrl = mock.Url("v1"), ApiKey = new Secret(UpstreamKey, "test") };

    public static UpstreamConfig ChatOnly(string name, MockUpstreamServer mock) =>
        new() { Name = name, Protocol = UpstreamProtocol.OpenAIChat, BaseUrl = mock.Url("v1"), ApiKey = new Secret(UpstreamKey, "test") };

    public static UpstreamConfig ResponsesOnly(string name, MockUpstreamServer mock) =>
        new() { Name = name, Protocol = UpstreamProtocol.OpenAIResponses, BaseUrl = mock.Url("v1"), ApiKey = new Secret(UpstreamKey, "test") };

    public static UpstreamConfig Anthropic(string name, MockUpstreamServer mock) =>
        new() { Name = name, Protocol = UpstreamProtocol.Anthropic, BaseUrl = mock.BaseUrl, ApiKey = new Secret(UpstreamKey, "test") };

    public static RouteConfig Route(string name, params TargetConfig[] targets) => new() { Name = name, Targets = [.. targets] };

    public static TargetConfig Target(string upstream, string model, int weight = 1) => new() { Upstream = upstream, Model = model, Weight = weight };

    public static GatewayConfig Gateway(UpstreamConfig[] upstreams, params RouteConfig[] routes) =>
        new() { Routing = new RoutingConfig { Upstreams = [.. upstreams], Routes = [.. routes] } };

    /// <summary>One upstream per protocol on the mock, each behind its own route: <c>to-anthropic</c>, <c>to-chat</c>, <c>to-responses</c>.</summary>
    public static GatewayConfig EveryProtocol(MockUpstreamServer mock) => Gateway(
        [Anthropic("up-anthropic", mock), ChatOnly("up-chat", mock), ResponsesOnly("up-responses", mock)],
        Route("to-anthropic", Target("up-anthropic", "claude-mock-sonnet")),
        Route("to-chat", Target("up-chat", "gpt-mock")),
        Route("to-responses", Target("up-responses", "gpt-mock")));

    /// <summary>Every client protocol × upstream protocol pair (<c>anthropic</c>, <c>chat</c>, <c>responses</c>), whole and streamed.</summary>
    public static TheoryData<string, string, bool> EveryProtocolPair()
    {
        var cells = new TheoryData<string, string, bool>();
        foreach (var client in (string[])["anthropic", "chat", "responses"])
        {
            foreach (var upstream in (string[])["anthropic", "chat", "responses"])
            {
                cells.Add(client, upstream, false);
                cells.Add(client, upstream, true);
            }
        }

        return cells;
    }
}
