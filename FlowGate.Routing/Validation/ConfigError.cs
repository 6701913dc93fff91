namespace FlowGate.Routing.Validation;

/// <summary>
/// One problem with a configuration, at a key path such as <c>routes["opus"].targets[1].weight</c>. The config
/// loader maps the path back to <c>file:line:col</c>.
/// </summary>
/// <param name="Path">Where the problem is.</param>
/// <param name="Message">What is wrong, with a "did you mean" where one helps. Never a secret value.</param>
public sealed record ConfigError(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}
