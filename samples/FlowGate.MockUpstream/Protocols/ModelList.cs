namespace FlowGate.MockUpstream.Protocols;

/// <summary><c>GET /v1/models</c>: the OpenAI list, or the Anthropic shape Claude Code's model discovery reads.</summary>
internal static class ModelList
{
    public static byte[] Render(IReadOnlyList<string> models, bool anthropic)
    {
        using var json = new JsonBuffer();
        var w = json.Writer;
        w.WriteStartObject();
        if (!anthropic)
        {
            w.WriteString("object", "list");
        }

        w.WriteStartArray("data");
        foreach (var model in models)
        {
            w.WriteStartObject();
            if (anthropic)
            {
                w.WriteString("type", "model");
                w.WriteString("id", model);
                w.WriteString("display_name", model);
                w.WriteString("created_at", "2025-01-01T00:00:00Z");
            }
            else
            {
                w.WriteString("id", model);
                w.WriteString("object", "model");
                w.WriteNumber("created", 1735689600);
                w.WriteString("owned_by", "flowgate-mock");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (anthropic)
        {
            w.WriteBoolean("has_more", false);
            if (models.Count > 0)
            {
                w.WriteString("first_id", models[0]);
                w.WriteString("last_id", models[^1]);
            }
            else
            {
                w.WriteNull("first_id");
                w.WriteNull("last_id");
            }
        }

        w.WriteEndObject();
        return json.ToArray();
    }
}
