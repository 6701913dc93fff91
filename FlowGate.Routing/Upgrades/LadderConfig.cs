namespace FlowGate.Routing.Upgrades;

/// <summary>
/// An ordered list of routes from small to large. A request for <see cref="Name"/> goes to the smallest step
/// that can take it: the last step whose conditions it meets, moved further up while its requested output
/// exceeds the step's output cap.
/// </summary>
public sealed record LadderConfig
{
    /// <summary>Gets the model name clients send to use the ladder.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the steps, smallest first; the first step's conditions are usually empty.</summary>
    public required ValueArray<LadderStep> Steps { get; init; }
}
