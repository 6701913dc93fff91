namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The per-attempt timeout: from sending the request until the answer's start is read (a whole answer: until it is read
/// whole), on the gateway's clock (<see cref="RequestTimeouts.StartAttempt"/>). On expiry the attempt fails as a
/// timeout; the request's own deadline is a separate, outer limit that also cuts the attempt short.
/// </summary>
internal static class FirstByteTimeout
{
    /// <summary>The limit of one attempt on a target: its own <c>timeout</c> when shorter than the gateway's.</summary>
    public static TimeSpan For(RouteTarget target, GatewayLimits limits) =>
        target.Config.Timeout is { } own && own < limits.FirstByteTimeout ? own : limits.FirstByteTimeout;
}
