using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>What the relay needs to know about the attempt it passes through.</summary>
internal sealed record RelayOptions(ClientProtocol Protocol, bool IsStream, TimeSpan IdleTimeout, string Route, string Upstream, int Attempt)
{
    /// <summary>Adds <c>x-flowgate-route</c>, <c>x-flowgate-upstream</c> and <c>x-flowgate-attempts</c>.</summary>
    public void AddGatewayHeaders(HttpResponse response)
    {
        response.Headers["x-flowgate-route"] = Route;
        response.Headers["x-flowgate-upstream"] = Upstream;
        response.Headers["x-flowgate-attempts"] = Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
