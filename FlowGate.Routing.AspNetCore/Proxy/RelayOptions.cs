using FlowGate.Routing.Protocols;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>What the relay needs to know about the attempt it passes through.</summary>
internal sealed record RelayOptions(ClientProtocol Protocol, bool IsStream, TimeSpan IdleTimeout, string Route, string Upstream, int Attempt)
{
    /// <summary>Gets the translation of the answer into the client's protocol, when the upstream speaks another.</summary>
    public TranslationContext? Translation { get; init; }

    /// <summary>Gets the token that fires when the shutdown drain window has ended.</summary>
    public CancellationToken DrainEnded { get; init; }

    /// <summary>Gets the clock the idle limit runs on (the gateway's injected one, so tests move time instead of waiting).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets the largest whole answer read for translation.</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Gets the request's share of the gateway's body budget, which a whole answer read for translation reserves.</summary>
    public BodyLease? Bodies { get; init; }

    /// <summary>Gets where the relay leaves the usage the answer reported.</summary>
    public Usage.UsageTally? Usage { get; init; }

    /// <summary>Adds <c>x-flowgate-route</c>, <c>x-flowgate-upstream</c> and <c>x-flowgate-attempts</c>.</summary>
    public void AddGatewayHeaders(HttpResponse response)
    {
        response.Headers["x-flowgate-route"] = Route;
        response.Headers["x-flowgate-upstream"] = Upstream;
        response.Headers["x-flowgate-attempts"] = Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
