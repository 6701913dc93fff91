using System.Net;
using System.Net.Sockets;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

public static class TestConfigs
{
    public const string GatewayKey = "gw-test-key-0123456789";
    public const string SecondGatewayKey = "gw-second-key";

    /// <summary>Two routes on two upstreams, a visible alias and a hidden route.</summary>
    public static RoutingConfig Routing(Uri? liveBase = null, Uri? deadBase = null, string? liveKey = null, string? deadKey = null) => new()
    {
        Upstreams =
        [
            new UpstreamConfig { Name = "live", Protocol = UpstreamProtocol.Instance, BaseUrl = liveBase ?? new Uri("http://127.0.0.1:9"), ApiKey = liveKey is null ? null : new Secret(liveKey, "test:live") },
            new UpstreamConfig { Name = "dead", Protocol = UpstreamProtocol.OpenAI, BaseUrl = deadBase ?? new Uri("http://127.0.0.1:9/v1"), ApiKey = deadKey is null ? null : new Secret(deadKey, "test:dead") },
        ],
        Routes =
        [
            new RouteConfig { Name = "router-default", Targets = [new TargetConfig { Upstream = "live", Model = "m-large" }] },
            new RouteConfig { Name = "claude-fast", Targets = [new TargetConfig { Upstream = "dead", Model = "m-small" }] },
            new RouteConfig { Name = "secret-route", Targets = [new TargetConfig { Upstream = "live", Model = "m-x" }], Hidden = true },
        ],
        Aliases = [new AliasConfig { Name = "sonnet", Target = "router-default" }],
    };

    public static GatewayConfig NoKeys(RoutingConfig? routing = null) => new() { Routing = routing ?? Routing() };

    public static GatewayConfig WithKeys(RoutingConfig? routing = null) => new()
    {
        Routing = routing ?? Routing(),
        ApiKeys = [new Secret(GatewayKey, "test:key1"), new Secret(SecondGatewayKey, "test:key2")],
    };

    /// <summary>A loopback port nothing listens on: bound once to get it, then released.</summary>
    public static int DeadPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
