using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>Shared JSON settings and small helpers for the translators.</summary>
internal static class AnswerJson
{
    /// <summary>Writer options: non-ASCII text stays as UTF-8 (the clients read it), only what JSON needs is escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reader options: comments skipped, trailing commas allowed (upstreams are not always strict).</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Writes a whole document with <paramref name="write"/> and returns its bytes.</summary>
    /// <typeparam name="TState">The state passed to the writer.</typeparam>
    /// <param name="state">The state.</param>
    /// <param name="write">Writes the document.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes tool arguments as a JSON object value: the arguments when they are an object, else <c>{}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="arguments">The arguments JSON text.</param>
    public static void WriteArgumentsObject(Utf8JsonWriter writer, string arguments)
    {
        if (IsObject(arguments))
        {
            writer.WriteRawValue(arguments, skipInputValidation: true);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>Gets whether the text is one complete JSON object.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>Whether it parses as an object.</returns>
    public static bool IsObject(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text, DocumentOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? string.Empty
            : string.Empty;

    public static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : 0;

    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : default;
}
