namespace FlowGate.Routing.Tests.Architecture;

/// <summary>A fixture for <see cref="PublicApiSnapshotRenderingTests"/>: nullable, required and attributed members.</summary>
public sealed record SnapshotSample
{
    public required string Name { get; init; }

    public string? Nickname { get; init; }

    [Obsolete("Use Name.")]
    public string? Alias { get; init; }
}
