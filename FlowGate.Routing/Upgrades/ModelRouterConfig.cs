namespace FlowGate.Routing.Upgrades;

/// <summary>
/// Rule-based model choice for <c>auto</c> names (agent-cli's <c>[global.lb_model_router]</c>): the rules are tried
/// by descending priority and the first that holds picks the route; otherwise <see cref="DefaultRoute"/>.
/// </summary>
public sealed record ModelRouterConfig
{
    /// <summary>Gets the model names that activate the router.</summary>
    /// <value>The default value is <c>auto</c> and <c>auto-canary</c>.</value>
    public ValueArray<string> ActivationModels { get; init; } = ["auto", "auto-canary"];

    /// <summary>Gets the rules.</summary>
    public ValueArray<ModelRouterRule> Rules { get; init; }

    /// <summary>Gets the route used when no rule holds.</summary>
    public required string DefaultRoute { get; init; }
}
