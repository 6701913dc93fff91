using FlowGate.Routing;

namespace FlowGate.Gateway;

/// <summary>The embedded demo configuration a new user starts with.</summary>
internal static class DemoConfig
{
    public static RoutingConfig Create() => new()
    {
        Upstreams =
        [
            new UpstreamConfig { Name = "mock", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") },
        ],
        Routes =
        [
            new RouteConfig { Name = "router-default", Targets = [new TargetConfig { Upstream = "mock", Model = "mock-large" }] },
        ],
    };

    public static string Describe() => string.Join(Environment.NewLine, Create().Routes.Select(r => r.Name));
}
