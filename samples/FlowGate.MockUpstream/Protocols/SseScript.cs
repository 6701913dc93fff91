namespace FlowGate.MockUpstream.Protocols;

/// <summary>
/// A whole stream rendered up front: its events (each <c>event: …\ndata: …\n\n</c> bytes, the terminator included),
/// plus the protocol's malformed event and first-event error for faults.
/// </summary>
internal sealed class SseScript
{
    public required IReadOnlyList<byte[]> Events { get; init; }

    public required byte[] Malformed { get; init; }

    public required byte[] FirstEventError { get; init; }
}
