namespace FlowGate.Routing;

/// <summary>
/// Identifies what actually serves a request: an upstream and the model id sent to it. Cool-downs and
/// stickiness are kept per target id, so a rate limit on one upstream model holds for every route that uses it.
/// </summary>
/// <param name="Upstream">The upstream name.</param>
/// <param name="Model">The upstream model id.</param>
public readonly record struct TargetId(string Upstream, string Model)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Upstream}/{Model}";
}
