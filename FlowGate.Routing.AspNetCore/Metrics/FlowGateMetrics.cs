namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>Placeholder: the gateway's meter (implemented on branch h5).</summary>
internal sealed class FlowGateMetrics
{
    private int _calls;

    public void RequestCompleted(string? route, ClientProtocol protocol, int status, TimeSpan elapsed) => _calls++;

    public void AttemptCompleted(string upstream, string model, string outcome, TimeSpan latency) => _calls++;

    public void FirstByte(string upstream, TimeSpan timeToFirstByte) => _calls++;

    public void Fallback(string fromRoute, string toRoute) => _calls++;

    public void CooldownStarted(string upstream, string model, string failureClass) => _calls++;

    public void Tokens(string route, long input, long output) => _calls++;
}
