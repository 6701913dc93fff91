using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>A reusable UTF-8 JSON writer over a growable buffer: JSON bodies and SSE events without reflection.</summary>
internal sealed class JsonBuffer : IDisposable
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public JsonBuffer() => Writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public Utf8JsonWriter Writer { get; }

    public ArrayBufferWriter<byte> Buffer => _buffer;

    /// <summary>Flushes the writer and returns everything written so far.</summary>
    public byte[] ToArray()
    {
        Writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Forgets what was written; the writer starts a new document.</summary>
    public void Clear()
    {
        Writer.Flush();
        _buffer.ResetWrittenCount();
        Writer.Reset(_buffer);
    }

    public void Dispose() => Writer.Dispose();
}
