using FlowGate.Routing;

namespace FlowGate.Gateway;

/// <summary>
/// The embedded demo configuration a new user starts with: two mock upstreams on loopback, a weighted default
/// route with a fallback, aliases and a catch-all pattern.
/// </summary>
internal static class DemoConfig
{
    public static RoutingConfig Create() => new()
    {
        Upstreams =
        [
            new UpstreamConfig { Name = "mock-a", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") },
            new UpstreamConfig { Name = "mock-b", Protocol = UpstreamProtocol.OpenAI, BaseUrl = new Uri("http://127.0.0.1:8147/v1") },
        ],
        Routes =
        [
            new RouteConfig
            {
                Name = "router-default",
                Targets =
                [
                    new TargetConfig { Upstream = "mock-a", Model = "mock-large", Weight = 3 },
                    new TargetConfig { Upstream = "mock-b", Model = "mock-large", Weight = 1 },
                ],
                Fallbacks = ["router-cheap"],
            },
            new RouteConfig
            {
                Name = "router-cheap",
                Targets = [new TargetConfig { Upstream = "mock-b", Model = "mock-small", Params = new TargetParams { MaxTokensMax = 8192 } }],
            },
        ],
        Aliases =
        [
            new AliasConfig { Name = "sonnet", Target = "router-default" },
            new AliasConfig { Name = "claude-*", Target = "sonnet" },
            new AliasConfig { Name = "gpt-*-mini", Target = "router-cheap" },
        ],
    };
}
