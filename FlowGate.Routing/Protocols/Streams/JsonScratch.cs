using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Reads string values of one event without allocating: unescaped values are the reader's own bytes, escaped ones
/// are copied, unescaped, into a reused buffer. Spans stay valid until <see cref="Reset"/> (the next event).
/// </summary>
internal sealed class JsonScratch
{
    private byte[] _buffer = new byte[4096];
    private int _used;

    public void Reset() => _used = 0;

    /// <summary>Gets the current token as UTF-8 text: a string unescaped, a number or literal as written, else empty.</summary>
    /// <param name="reader">The reader, on a value.</param>
    /// <returns>The text.</returns>
    public ReadOnlySpan<byte> Text(scoped ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    return Valid(reader.ValueSpan);
                }

                var need = reader.ValueSpan.Length;
                if (_used + need > _buffer.Length)
                {
                    // Spans handed out earlier keep the old array alive; new ones come from the new array.
                    _buffer = new byte[Math.Max(_buffer.Length * 2, need)];
                    _used = 0;
                }

                var written = reader.CopyString(_buffer.AsSpan(_used));
                var value = _buffer.AsSpan(_used, written);
                _used += written;
                return Valid(value);
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return reader.ValueSpan;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return [];
            default:
                return [];
        }
    }

    /// <summary>Reads the value after a property name as raw JSON (objects and arrays as written), for tool inputs.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <param name="data">The event's data the reader reads.</param>
    /// <returns>The raw value.</returns>
    public static ReadOnlySpan<byte> Raw(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (!reader.Read())
        {
            return [];
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return data[start..(int)reader.BytesConsumed];
        }

        return reader.ValueSpan;
    }

    /// <summary>Text the writers can take: invalid UTF-8 (a broken upstream) becomes replacement characters.</summary>
    /// <param name="utf8">The bytes.</param>
    /// <returns>Valid UTF-8.</returns>
    private static ReadOnlySpan<byte> Valid(ReadOnlySpan<byte> utf8) =>
        System.Text.Unicode.Utf8.IsValid(utf8) ? utf8 : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));

    public static string? String(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8);

    public static long? Number(scoped ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
}
