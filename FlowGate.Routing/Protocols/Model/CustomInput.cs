using System.Buffers;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Model;

/// <summary>
/// The <c>{"input": string}</c> wrapper that carries a Responses custom (freeform) tool's input as function
/// arguments.
/// </summary>
internal static class CustomInput
{
    /// <summary>The schema of a wrapped custom tool.</summary>
    public const string Schema = """{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}""";

    public static string Wrap(string input)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, FlowGate.Routing.Protocols.Encoders.JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("input", input);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads the input back out of wrapped arguments; other text is returned as it is.</summary>
    public static string Unwrap(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("input", out var input)
                && input.ValueKind == JsonValueKind.String)
            {
                return input.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not wrapped: the arguments are the input.
        }

        return arguments;
    }
}
