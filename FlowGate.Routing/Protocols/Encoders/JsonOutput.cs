using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>Writing helpers for the encoders.</summary>
internal static class JsonOutput
{
    /// <summary>Compact output; non-ASCII text is written as UTF-8, not escaped (the body is never embedded in HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions RawOptions = new() { MaxDepth = Features.RequestFeatureExtractor.MaxDepth };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Raw(this Utf8JsonWriter writer, string name, string json)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(json, skipInputValidation: true);
    }

    public static void OptString(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void OptRaw(this Utf8JsonWriter writer, string name, string? json)
    {
        if (json is not null)
        {
            writer.Raw(name, json);
        }
    }

    /// <summary>
    /// Writes a tool's parameter schema: its members byte for byte, plus <c>"properties":{}</c> when an object schema
    /// has none (CLIProxyAPI: some upstreams reject an object schema without it). No schema at all
    /// becomes the empty object schema.
    /// </summary>
    public static void Schema(this Utf8JsonWriter writer, string name, string? schema)
    {
        writer.WritePropertyName(name);
        if (schema is null)
        {
            writer.WriteRawValue("""{"type":"object","properties":{}}""", skipInputValidation: true);
            return;
        }

        using var document = JsonDocument.Parse(schema, RawOptions);
        var root = document.RootElement;
        var isObject = !root.TryGetProperty("type", out var type) || (type.ValueKind == JsonValueKind.String && type.ValueEquals("object"));
        if (root.ValueKind != JsonValueKind.Object || !isObject || root.TryGetProperty("properties", out _))
        {
            writer.WriteRawValue(schema, skipInputValidation: true);
            return;
        }

        writer.WriteStartObject();
        if (!root.TryGetProperty("type", out _))
        {
            writer.WriteString("type", "object");
        }

        foreach (var member in root.EnumerateObject())
        {
            member.WriteTo(writer);
        }

        writer.WriteStartObject("properties");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Whether raw arguments text is a JSON object (what Anthropic's <c>tool_use.input</c> must be).</summary>
    public static bool IsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, RawOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
