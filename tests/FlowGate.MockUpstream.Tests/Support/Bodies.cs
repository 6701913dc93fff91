using System.Text.Json.Nodes;

namespace FlowGate.MockUpstream.Tests.Support;

/// <summary>Minimal request bodies of the three protocols.</summary>
internal static class Bodies
{
    public const string MessagesPath = "/v1/messages?beta=true";
    public const string ChatPath = "/v1/chat/completions";
    public const string ResponsesPath = "/v1/responses";

    public static JsonObject Anthropic(string text, bool stream = false, string model = "claude-mock", JsonArray? tools = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 1024,
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            }),
        };
        if (tools is not null)
        {
            body["tools"] = tools;
        }

        return body;
    }

    public static JsonObject Chat(string text, bool stream = false, string model = "gpt-mock", JsonArray? tools = null, bool includeUsage = true)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["stream"] = stream,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "be brief" },
                new JsonObject { ["role"] = "user", ["content"] = text }),
        };
        if (stream && includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        if (tools is not null)
        {
            body["tools"] = tools;
        }

        return body;
    }

    public static JsonObject ResponsesBody(string text, bool stream = false, string model = "codex-mock", JsonArray? tools = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["stream"] = stream,
            ["instructions"] = "be brief",
            ["input"] = new JsonArray(new JsonObject
            {
                ["type"] = "message",
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
            }),
        };
        if (tools is not null)
        {
            body["tools"] = tools;
        }

        return body;
    }

    public static JsonObject Schema(params string[] required)
    {
        var properties = new JsonObject();
        foreach (var name in required)
        {
            properties[name] = new JsonObject { ["type"] = "string" };
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = new JsonArray([.. required.Select(r => (JsonNode?)JsonValue.Create(r))]) };
    }

    public static JsonArray AnthropicTools(params string[] names) =>
        [.. names.Select(n => (JsonNode?)new JsonObject { ["name"] = n, ["description"] = n, ["input_schema"] = Schema("command") })];

    public static JsonArray ChatTools(params string[] names) =>
        [.. names.Select(n => (JsonNode?)new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = n, ["parameters"] = Schema("command") },
        })];

    public static JsonArray ResponsesTools(params string[] names) =>
        [.. names.Select(n => (JsonNode?)new JsonObject { ["type"] = "function", ["name"] = n, ["parameters"] = Schema("cmd") })];
}
