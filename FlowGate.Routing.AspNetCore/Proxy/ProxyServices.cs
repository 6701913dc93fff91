using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>The long-lived services every exchange uses.</summary>
internal sealed record ProxyServices(GatewayState State, UpstreamClientPool Clients, FlowGateMetrics Metrics, ProxyLog Log, ShutdownDrain Drain)
{
    /// <summary>Gets where target state is read and changed; the in-process state unless a shared store is configured.</summary>
    public ITargetStateStore Store { get; init; } = State;

    /// <summary>Gets the gateway-wide budget for bodies held in memory.</summary>
    public BodyBudget Bodies { get; } = new(State.Time);

    /// <summary>Gets where each answered request's usage is recorded.</summary>
    public required UsageRecorder Usage { get; init; }
}
