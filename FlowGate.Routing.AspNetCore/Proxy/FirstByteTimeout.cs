using Polly;
using Polly.Timeout;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The per-attempt timeout: from sending the request until the answer's start is read (a whole answer: until it is read
/// whole). A Polly timeout strategy on the gateway's clock; each attempt puts its own limit in the resilience context
/// (<see cref="Limit"/>: the target's <c>timeout</c> when shorter than the gateway's first-byte limit). On expiry the
/// attempt fails with <see cref="TimeoutRejectedException"/>; the request's own deadline is a separate, outer timeout.
/// </summary>
internal static class FirstByteTimeout
{
    /// <summary>Gets the key of the attempt's limit in the resilience context.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> Limit = new("flowgate.first-byte-limit");

    public static ResiliencePipeline Build(TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(Limit, Timeout.InfiniteTimeSpan)),
            })
            .Build();

    /// <summary>The limit of one attempt on a target: its own <c>timeout</c> when shorter than the gateway's.</summary>
    public static TimeSpan For(RouteTarget target, GatewayLimits limits) =>
        target.Config.Timeout is { } own && own < limits.FirstByteTimeout ? own : limits.FirstByteTimeout;
}
