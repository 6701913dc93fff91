using System.Buffers;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Protocols;

/// <summary>
/// Re-frames an upstream SSE stream into the client's protocol as bytes arrive (events may be split across chunks).
/// Keeps each client's invariants: Anthropic block indices sequential and never interleaved, <c>message_delta</c> and
/// <c>message_stop</c> exactly once; Responses items complete in <c>output_item.done</c> and <c>response.completed</c>
/// carrying id and usage; Chat tool-call fragments by index and one <c>[DONE]</c>.
/// </summary>
internal interface IStreamTranslator
{
    /// <summary>Gets a value indicating whether the upstream's stream reached its proper end (its terminator).</summary>
    bool UpstreamEnded { get; }

    /// <summary>Gets the usage the upstream has reported so far, in neutral terms (see <see cref="TokenUsage"/>).</summary>
    TokenUsage Usage { get; }

    /// <summary>Consumes upstream bytes and writes the client's events they complete.</summary>
    /// <param name="upstream">The next bytes of the upstream stream.</param>
    /// <param name="output">Where the client's SSE bytes go.</param>
    /// <exception cref="InvalidDataException">One upstream event is larger than 32 MiB: the stream cannot go on; end it with the protocol's terminal error.</exception>
    void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output);

    /// <summary>
    /// Finishes after the upstream closed: when it ended properly, writes whatever the client still needs (closing
    /// blocks, the final usage and stop events) exactly once. Does nothing when it did not; the caller ends the stream
    /// with an error then.
    /// </summary>
    /// <param name="output">Where the client's SSE bytes go.</param>
    void Complete(IBufferWriter<byte> output);
}
