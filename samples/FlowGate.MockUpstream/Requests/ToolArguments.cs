using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowGate.MockUpstream.Requests;

/// <summary>
/// Builds the arguments of a mock tool call: the JSON the marker gave, else one value per required property of the
/// tool's schema (command-like properties get <c>echo mock-tool-ok</c>), else <c>{"command":["echo","mock-tool-ok"]}</c>
/// for shell-like tools and <c>{}</c> for the rest.
/// </summary>
internal static class ToolArguments
{
    public const string ShellCommand = "echo mock-tool-ok";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Build(string toolName, JsonElement? schema, string? given)
    {
        if (given is not null && IsJsonObject(given))
        {
            return given.Trim();
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            var wrote = false;
            if (schema is { ValueKind: JsonValueKind.Object } s
                && s.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
                && s.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in required.EnumerateArray())
                {
                    if (name.GetString() is { } key && properties.TryGetProperty(key, out var property))
                    {
                        writer.WritePropertyName(key);
                        WriteValue(writer, key, property);
                        wrote = true;
                    }
                }
            }

            if (!wrote && IsShellLike(toolName))
            {
                writer.WritePropertyName("command");
                WriteCommandArray(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, JsonElement property)
    {
        if (property.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(writer);
            return;
        }

        var commandLike = key is "command" or "cmd" or "script" or "commands";
        switch (TypeOf(property))
        {
            case "string":
                writer.WriteStringValue(commandLike ? ShellCommand : "mock");
                break;
            case "array":
                if (commandLike)
                {
                    WriteCommandArray(writer);
                }
                else
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }

                break;
            case "integer" or "number":
                writer.WriteNumberValue(1);
                break;
            case "boolean":
                writer.WriteBooleanValue(false);
                break;
            case "object":
                writer.WriteStartObject();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(commandLike ? ShellCommand : "mock");
                break;
        }
    }

    private static string? TypeOf(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.GetString() is { } name && name != "null")
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static void WriteCommandArray(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        writer.WriteStringValue("echo");
        writer.WriteStringValue("mock-tool-ok");
        writer.WriteEndArray();
    }

    private static bool IsShellLike(string name) =>
        name.Contains("shell", StringComparison.OrdinalIgnoreCase) || name.Contains("exec", StringComparison.OrdinalIgnoreCase)
        || name.Equals("bash", StringComparison.OrdinalIgnoreCase);

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
