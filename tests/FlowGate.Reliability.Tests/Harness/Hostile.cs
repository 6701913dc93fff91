using FlowGate.Routing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Harness;

/// <summary>Upstream configs over a <see cref="HostileUpstream"/>, with the canary key.</summary>
internal static class Hostile
{
    /// <summary>An upstream that speaks all three protocols (pass-through for every client).</summary>
    public static UpstreamConfig Instance(string name, HostileUpstream upstream) =>
        new() { Name = name, Protocol = UpstreamProtocol.Instance, BaseUrl = upstream.BaseUrl, ApiKey = new Secret(UpstreamKey, "test") };

    /// <summary>An Anthropic-only upstream (Chat and Responses clients are translated).</summary>
    public static UpstreamConfig Anthropic(string name, HostileUpstream upstream) =>
        new() { Name = name, Protocol = UpstreamProtocol.Anthropic, BaseUrl = upstream.BaseUrl, ApiKey = new Secret(UpstreamKey, "test") };
}
