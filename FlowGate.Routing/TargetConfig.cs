namespace FlowGate.Routing;

/// <summary>One target of a route: an upstream, the model id sent to it, a weight and parameters.</summary>
public sealed record TargetConfig
{
    /// <summary>Gets the name of the upstream (an instance or a direct upstream).</summary>
    public required string Upstream { get; init; }

    /// <summary>Gets the upstream model id the request's <c>model</c> is rewritten to.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the selection weight.</summary>
    /// <value>The default value is 1. Zero disables the target.</value>
    public int Weight { get; init; } = 1;

    /// <summary>Gets the parameters applied to requests sent to this target.</summary>
    public TargetParams Params { get; init; } = TargetParams.None;

    /// <summary>Gets how long one attempt on this target may take, if limited (LiteLLM's per-deployment <c>timeout</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the gateway's own timeouts apply.</value>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the requests per minute this target accepts, if limited (LiteLLM's <c>rpm</c>).</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Gets the tokens per minute this target accepts, if limited (LiteLLM's <c>tpm</c>).</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Gets the identity of the target for health, cool-downs and stickiness.</summary>
    public TargetId Id => new(Upstream, Model);
}
