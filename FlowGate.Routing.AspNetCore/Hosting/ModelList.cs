using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// The <c>/v1/models</c> bodies. Models carry a fixed creation time (2025-01-01T00:00:00Z): routes have no real one,
/// and a fixed value keeps answers identical across restarts.
/// </summary>
internal static class ModelList
{
    /// <summary>The fixed creation time, as Unix seconds.</summary>
    public const long CreatedUnixSeconds = 1_735_689_600;

    /// <summary>The fixed creation time, as RFC 3339.</summary>
    public const string CreatedAt = "2025-01-01T00:00:00Z";

    /// <summary>OpenAI's list: <c>{"object":"list","data":[{"id","object":"model","created","owned_by":"flowgate"}]}</c>.</summary>
    public static void WriteOpenAI(Utf8JsonWriter json, IReadOnlyList<string> models)
    {
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteStartArray("data"u8);
        foreach (var id in models)
        {
            WriteOpenAIModel(json, id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Anthropic's page: <c>{"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}</c>.</summary>
    public static void WriteAnthropic(Utf8JsonWriter json, IReadOnlyList<string> page, bool hasMore)
    {
        json.WriteStartObject();
        json.WriteStartArray("data"u8);
        foreach (var id in page)
        {
            WriteAnthropicModel(json, id);
        }

        json.WriteEndArray();
        json.WriteBoolean("has_more"u8, hasMore);
        WriteIdOrNull(json, "first_id"u8, page.Count > 0 ? page[0] : null);
        WriteIdOrNull(json, "last_id"u8, page.Count > 0 ? page[^1] : null);
        json.WriteEndObject();
    }

    /// <summary>One OpenAI model object: <c>{"id","object":"model","created","owned_by":"flowgate"}</c>.</summary>
    public static void WriteOpenAIModel(Utf8JsonWriter json, string id)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, "model"u8);
        json.WriteNumber("created"u8, CreatedUnixSeconds);
        json.WriteString("owned_by"u8, "flowgate"u8);
        json.WriteEndObject();
    }

    /// <summary>One Anthropic model object: <c>{"type":"model","id","display_name","created_at"}</c>.</summary>
    public static void WriteAnthropicModel(Utf8JsonWriter json, string id)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "model"u8);
        json.WriteString("id"u8, id);
        json.WriteString("display_name"u8, id);
        json.WriteString("created_at"u8, CreatedAt);
        json.WriteEndObject();
    }

    private static void WriteIdOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? id)
    {
        if (id is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, id);
        }
    }
}
