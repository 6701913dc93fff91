namespace FlowGate.Reliability.Tests.Load;

/// <summary>
/// The tests that send hundreds of megabytes of bodies run one after the other, not beside each other: together they
/// would measure each other's memory and starve each other's uploads on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LargeBodies
{
    public const string Name = "Large bodies";
}
