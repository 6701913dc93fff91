using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore;

/// <summary>A configuration given once in code, that never changes.</summary>
internal sealed class StaticGatewayConfigSource(GatewayConfig config) : IGatewayConfigSource
{
    private static readonly IChangeToken Never = new CancellationChangeToken(CancellationToken.None);

    public GatewayConfig Current { get; } = config;

    public IChangeToken GetChangeToken() => Never;
}
