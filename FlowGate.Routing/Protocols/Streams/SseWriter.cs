using System.Buffers;
using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Writes SSE events straight into the caller's <see cref="IBufferWriter{T}"/> with one reused
/// <see cref="Utf8JsonWriter"/>: <see cref="Begin"/> writes the <c>event:</c>/<c>data:</c> prefix and returns the
/// writer for the JSON, <see cref="End"/> flushes it and closes the event.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Utf8JsonWriter holds no unmanaged resources (Dispose only flushes); the writer lives as long as its stream.")]
internal sealed class SseWriter
{
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), AnswerJson.WriterOptions);
    private IBufferWriter<byte>? _output;

    /// <summary>Starts an event.</summary>
    /// <param name="output">Where it goes.</param>
    /// <param name="eventName">The <c>event:</c> line's value, or empty for none.</param>
    /// <returns>The JSON writer for the data.</returns>
    public Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName)
    {
        _output = output;
        if (!eventName.IsEmpty)
        {
            output.Write("event: "u8);
            output.Write(eventName);
            output.Write("\n"u8);
        }

        output.Write("data: "u8);
        _json.Reset(output);
        return _json;
    }

    /// <summary>Ends the event started by <see cref="Begin"/>.</summary>
    public void End()
    {
        _json.Flush();
        _output!.Write("\n\n"u8);
        _output = null;
    }

    /// <summary>Writes an event whose data is fixed text (<c>[DONE]</c>, <c>{"type":"message_stop"}</c>).</summary>
    /// <param name="output">Where it goes.</param>
    /// <param name="eventName">The <c>event:</c> value, or empty.</param>
    /// <param name="data">The data.</param>
    public static void Raw(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (!eventName.IsEmpty)
        {
            output.Write("event: "u8);
            output.Write(eventName);
            output.Write("\n"u8);
        }

        output.Write("data: "u8);
        output.Write(data);
        output.Write("\n\n"u8);
    }
}
