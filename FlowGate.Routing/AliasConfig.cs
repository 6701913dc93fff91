namespace FlowGate.Routing;

/// <summary>
/// Maps a model name, or a wildcard pattern such as <c>claude-*</c> or <c>*</c>, to a route or to another alias.
/// </summary>
public sealed record AliasConfig
{
    /// <summary>Gets the name or pattern clients send; <c>*</c> matches any run of characters.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the route or alias this name stands for.</summary>
    public required string Target { get; init; }

    /// <summary>Gets a value indicating whether <c>/v1/models</c> leaves the alias out.</summary>
    public bool Hidden { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Name"/> is a wildcard pattern.</summary>
    public bool IsPattern => Name.Contains('*', StringComparison.Ordinal);
}
