using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>An answer as each client reads it: Anthropic by block index, Chat by tool-call index, Responses from its done items.</summary>
internal sealed record ClientAnswer(string Text, List<(string Id, string Name, string Arguments)> ToolCalls, string? Stop)
{
    public static ClientAnswer Read(string client, string body, bool stream) => (client, stream) switch
    {
        ("anthropic", false) => AnthropicWhole(JsonDocument.Parse(body).RootElement),
        ("anthropic", true) => AnthropicStream(body),
        ("chat", false) => ChatWhole(JsonDocument.Parse(body).RootElement),
        ("chat", true) => ChatStream(body),
        (_, false) => ResponsesWhole(JsonDocument.Parse(body).RootElement),
        _ => ResponsesStream(body),
    };

    private static ClientAnswer AnthropicWhole(JsonElement message)
    {
        var text = new StringBuilder();
        var calls = new List<(string, string, string)>();
        foreach (var block in message.GetProperty("content").EnumerateArray())
        {
            switch (block.GetProperty("type").GetString())
            {
                case "text":
                    text.Append(block.GetProperty("text").GetString());
                    break;
                case "tool_use":
                    calls.Add((block.GetProperty("id").GetString()!, block.GetProperty("name").GetString()!, block.GetProperty("input").GetRawText()));
                    break;
            }
        }

        return new ClientAnswer(text.ToString(), calls, message.GetProperty("stop_reason").GetString());
    }

    private static ClientAnswer AnthropicStream(string body)
    {
        var events = Sse.Parse(body);
        Assert.Equal("message_start", events[0].Event);
        Assert.Single(events, e => e.Event == "message_stop");
        var text = new StringBuilder();
        var blocks = new Dictionary<int, (string Type, string Id, string Name, StringBuilder Json)>();
        string? stop = null;
        var open = -1;
        foreach (var (name, data) in events)
        {
            using var json = JsonDocument.Parse(data);
            var e = json.RootElement;
            switch (name)
            {
                case "content_block_start":
                    var index = e.GetProperty("index").GetInt32();
                    Assert.Equal(blocks.Count, index);
                    Assert.Equal(-1, open);
                    open = index;
                    var block = e.GetProperty("content_block");
                    blocks[index] = (block.GetProperty("type").GetString()!, block.TryGetProperty("id", out var id) ? id.GetString()! : string.Empty, block.TryGetProperty("name", out var n) ? n.GetString()! : string.Empty, new StringBuilder());
                    break;
                case "content_block_delta":
                    Assert.Equal(open, e.GetProperty("index").GetInt32());
                    var delta = e.GetProperty("delta");
                    if (delta.GetProperty("type").GetString() == "text_delta")
                    {
                        text.Append(delta.GetProperty("text").GetString());
                    }
                    else if (delta.GetProperty("type").GetString() == "input_json_delta")
                    {
                        blocks[open].Json.Append(delta.GetProperty("partial_json").GetString());
                    }

                    break;
                case "content_block_stop":
                    open = -1;
                    break;
                case "message_delta":
                    stop = e.GetProperty("delta").GetProperty("stop_reason").GetString();
                    break;
            }
        }

        var calls = blocks.Values.Where(b => b.Type == "tool_use").Select(b => (b.Id, b.Name, b.Json.Length == 0 ? "{}" : b.Json.ToString())).ToList();
        return new ClientAnswer(text.ToString(), calls, stop);
    }

    private static ClientAnswer ChatWhole(JsonElement completion)
    {
        var choice = completion.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        var calls = new List<(string, string, string)>();
        if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                calls.Add((call.GetProperty("id").GetString()!, call.GetProperty("function").GetProperty("name").GetString()!, call.GetProperty("function").GetProperty("arguments").GetString()!));
            }
        }

        var text = message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString()! : string.Empty;
        return new ClientAnswer(text, calls, choice.GetProperty("finish_reason").GetString());
    }

    private static ClientAnswer ChatStream(string body)
    {
        var events = Sse.Parse(body);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Single(events, e => e.Data == "[DONE]");
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        string? stop = null;
        foreach (var (_, data) in events.Take(events.Count - 1))
        {
            using var json = JsonDocument.Parse(data);
            if (!json.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                continue;
            }

            var choice = choices[0];
            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                stop = finish.GetString();
            }

            var delta = choice.GetProperty("delta");
            if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString());
            }

            if (delta.TryGetProperty("tool_calls", out var toolCalls))
            {
                foreach (var call in toolCalls.EnumerateArray())
                {
                    var index = call.GetProperty("index").GetInt32();
                    var function = call.GetProperty("function");
                    if (!calls.TryGetValue(index, out var entry))
                    {
                        entry = (call.GetProperty("id").GetString()!, function.GetProperty("name").GetString()!, new StringBuilder());
                        calls[index] = entry;
                    }

                    if (function.TryGetProperty("arguments", out var arguments))
                    {
                        entry.Arguments.Append(arguments.GetString());
                    }
                }
            }
        }

        return new ClientAnswer(text.ToString(), [.. calls.Values.Select(c => (c.Id, c.Name, c.Arguments.ToString()))], stop);
    }

    private static ClientAnswer ResponsesWhole(JsonElement response) => FromOutput(response.GetProperty("output"), response.GetProperty("status").GetString());

    private static ClientAnswer ResponsesStream(string body)
    {
        var events = Sse.Parse(body).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        var completed = Assert.Single(events, e => e.GetProperty("type").GetString() == "response.completed");
        var response = completed.GetProperty("response");
        Assert.False(string.IsNullOrEmpty(response.GetProperty("id").GetString()));
        Assert.True(response.GetProperty("usage").TryGetProperty("total_tokens", out _));

        // Codex builds its history from output_item.done alone.
        var done = events.Where(e => e.GetProperty("type").GetString() == "response.output_item.done").Select(e => e.GetProperty("item"));
        using var items = JsonDocument.Parse("[" + string.Join(",", done.Select(i => i.GetRawText())) + "]");
        return FromOutput(items.RootElement.Clone(), response.GetProperty("status").GetString());
    }

    private static ClientAnswer FromOutput(JsonElement output, string? status)
    {
        var text = new StringBuilder();
        var calls = new List<(string, string, string)>();
        foreach (var item in output.EnumerateArray())
        {
            switch (item.GetProperty("type").GetString())
            {
                case "message":
                    foreach (var part in item.GetProperty("content").EnumerateArray().Where(p => p.GetProperty("type").GetString() == "output_text"))
                    {
                        text.Append(part.GetProperty("text").GetString());
                    }

                    break;
                case "function_call":
                    calls.Add((item.GetProperty("call_id").GetString()!, item.GetProperty("name").GetString()!, item.GetProperty("arguments").GetString()!));
                    break;
            }
        }

        return new ClientAnswer(text.ToString(), calls, status);
    }
}
